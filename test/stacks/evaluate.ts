/**
 * Policies as synthesized, evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate):
 * Terraform references become concrete values first, as they do at apply time.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export type Outcome = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Document = any;

/** Every `${…}` Terraform reference replaced from `refs`; one left over fails the test (policy variables `${aws:…}` stay). */
export function resolve<T extends Document>(d: T, refs: Record<string, string>): T {
  let json = JSON.stringify(d).replaceAll('$${', '${');
  for (const [ref, value] of Object.entries(refs)) json = json.replaceAll(ref, value);
  const left = json.match(/\$\{(?!aws:)[^}]*\}/g);
  if (left) throw new Error(`unresolved Terraform references: ${[...new Set(left)].join(', ')}`);
  return JSON.parse(json);
}

export type Request = {
  action: string;
  resource: string;
  principal: string;
  identity: Document[];
  boundary?: Document;
  resourcePolicy?: Document;
  context?: Record<string, string | string[]>;
};

export async function evaluate(r: Request): Promise<Outcome> {
  const account = r.resource.split(':')[4] || r.principal.split(':')[4]!;
  const result = await runSimulation(
    {
      identityPolicies: r.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: r.resourcePolicy,
      ...(r.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: r.boundary }] } : {}),
      request: { action: r.action, principal: r.principal, resource: { resource: r.resource, accountId: account }, contextVariables: r.context ?? {} },
    },
    {},
  );
  // A request the simulator cannot read (a wrong context key, an unknown action) must fail the test, not count as denied.
  if (result.resultType === 'error') throw new Error(`simulator refused ${r.action} on ${r.resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Outcome;
}
