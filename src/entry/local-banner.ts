import { DEMO_OPERATOR, DEMO_PASSWORD, demoAccounts } from '../identity/demo-users';
import type { TenantManifest } from '../tenants/manifest';

export type BannerInput = {
  port: number;
  manifests: readonly TenantManifest[];
  /** The demo admins' and operator's TOTP secrets, by store slug (or 'platform') and email. */
  totpSecret: (space: string, email: string) => string | undefined;
  seeded: { created: number; existing: number };
  /** `scratch`: the temporary directory of an in-memory run, removed at exit. */
  data: { inMemory: true; scratch: string } | { inMemory: false; dir: string };
  standIns: { dynamodb: string; table: string; cognito: string; pool: string; s3: string; bucket: string };
  /** Whether this process reads reset codes from cognito-local and prints them (it runs cognito-local). */
  printsResetCodes: boolean;
  /** Whether emails (stock notices) land in the dev-only mailbox page instead of being sent. */
  mailbox?: boolean;
};

/** A store's address in a browser: the first `*.localhost` domain, which resolves to this machine. */
function storeOrigin(manifest: TenantManifest, port: number): string {
  const domain = manifest.domains.find((d) => d.endsWith('.localhost')) ?? manifest.domains[0];
  return `http://${domain}:${port}`;
}

/** The pages a person opens first, by store: the storefront and the store's console. */
export function localStoreLinks(manifests: readonly TenantManifest[], port: number) {
  return manifests.map((m) => ({ name: m.name, storefront: `${storeOrigin(m, port)}/`, console: `${storeOrigin(m, port)}/admin` }));
}

const LOST = '(lost: delete the data directory to start afresh)';

/**
 * What `npm start` prints once everything is up: the addresses a person opens first, then how to
 * sign in (accounts, TOTP secrets and how to get a code, where reset codes appear), then the
 * plumbing. Pure, so its text is tested without starting anything.
 */
export function localBanner(input: BannerInput): string {
  const platform = `http://localhost:${input.port}`;
  const first = input.manifests[0];
  const width = Math.max(...input.manifests.map((m) => m.name.length), 'Operator console'.length) + 2;
  const pad = (text: string) => text.padEnd(width);
  const lines = [
    '',
    'Catalog platform is up. Open in a browser:',
    ...localStoreLinks(input.manifests, input.port).flatMap((s) => [`  ${pad(s.name)}storefront ${s.storefront}`, `  ${pad('')}console    ${s.console}`]),
    `  ${pad('Operator console')}${platform}/platform`,
    `  ${pad('All of these')}${platform}/`,
    ...(input.mailbox ? [`  ${pad('Mailbox (dev)')}${platform}/dev/mailbox  (emails the platform would send: low-stock notices to admins)`] : []),
    '',
    `Demo accounts (password ${DEMO_PASSWORD} for all; each signs in on its store's address):`,
    ...input.manifests.map(
      (m) =>
        `  ${m.name}: ${demoAccounts(m)
          .map((a) => `${a.email} (${a.role})`)
          .join(', ')}`,
    ),
    `  Operator (at ${platform}/platform): ${DEMO_OPERATOR.email}`,
    'Admins and the operator also answer a TOTP code. Their secrets (add one to an authenticator app):',
    ...input.manifests.map((m) => {
      const admin = demoAccounts(m)[0]!;
      return `  ${admin.email}: ${input.totpSecret(m.slug, admin.email) ?? LOST}`;
    }),
    `  ${DEMO_OPERATOR.email}: ${input.totpSecret('platform', DEMO_OPERATOR.email) ?? LOST}`,
    '  or print the current code in this folder:',
    `  node -e "import('otpauth').then(o => console.log(new o.TOTP({ secret: o.Secret.fromBase32(process.argv[1]) }).generate()))" <secret>`,
    input.printsResetCodes
      ? 'Password-reset codes are printed here, in this terminal (no mail leaves this machine).'
      : 'Password-reset codes are sent by the Cognito at COGNITO_ENDPOINT, not printed here.',
    '',
    'The API with curl (a clerk signs in without a second factor):',
    ...(first
      ? [
          `  TOKEN=$(curl -s -H 'Host: ${first.domains[0]}' -H 'Content-Type: application/json' ${platform}/auth/login \\`,
          `    -d '{"email":"${demoAccounts(first)[1]!.email}","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).idToken')`,
          `  curl -H 'Host: ${first.domains[0]}' -H "Authorization: Bearer $TOKEN" ${platform}/admin/products`,
        ]
      : []),
    '',
    `Stores: ${input.seeded.created} seeded, ${input.seeded.existing} already present.`,
    `DynamoDB at ${input.standIns.dynamodb} (table ${input.standIns.table}), Cognito at ${input.standIns.cognito} (pool ${input.standIns.pool}), S3 at ${input.standIns.s3} (bucket ${input.standIns.bucket}).`,
    input.data.inMemory
      ? `In memory: nothing is kept; cognito-local's and s3rver's files are in ${input.data.scratch}, removed at exit.`
      : `Data kept in ${input.data.dir} (start with --in-memory to keep nothing).`,
    'If a stand-in stops, the platform says so and stops too. Ctrl-C stops everything.',
    '',
  ];
  return lines.join('\n');
}
