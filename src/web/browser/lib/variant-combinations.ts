/** The variants an editor generates from a product's options: pure functions, unit-tested. */

type Option = { name: string; values: string[] };

/** Every combination of the options' values, in the options' order. */
export function combinations(options: Option[]): string[][] {
  return options.reduce<string[][]>((acc, option) => acc.flatMap((prefix) => option.values.map((value) => [...prefix, value])), [[]]);
}

/** A SKU for a generated variant: the first variant's, with the values appended (only the characters SKUs allow). */
export function skuFor(base: string, values: string[]): string {
  return [base, ...values]
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
}
