// Explains why Vega-Lite refused a spec, by checking it against Vega-Lite's own JSON Schema.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

let validator: ValidateFunction | undefined;

/**
 * Vega-Lite's compiler often fails on a bad spec with a TypeError ("reading 'filled'"); the schema
 * says what is wrong and where. Compiling the schema costs about 1.7 s, so this runs only after a
 * compile has failed, never on the good path.
 */
export async function explainSpec(spec: unknown): Promise<string | undefined> {
  // Loaded here, not at the top: a good build never pays for the validator (about 35 ms).
  const { Ajv } = await import('ajv');
  const file = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
  validator ??= new Ajv({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: false, logger: false }).compile(JSON.parse(readFileSync(file, 'utf8')));
  if (validator(spec)) return undefined;
  return summarise(validator.errors ?? [], spec);
}

function summarise(errors: ErrorObject[], spec: unknown): string {
  // The deepest place the schema complains about is where the spec goes wrong.
  const deepest = errors.reduce((a, b) => (b.instancePath.split('/').length > a.instancePath.split('/').length ? b : a));
  const at = deepest.instancePath;
  const here = errors.filter((e) => e.instancePath === at);
  const allowed = [...new Set(here.flatMap((e) => (e.keyword === 'const' ? [String(e.params.allowedValue)] : e.keyword === 'enum' ? (e.params.allowedValues as unknown[]).map(String) : [])))];
  const value = at
    .split('/')
    .slice(1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  const where = at ? at.slice(1).replace(/\//g, '.') : 'the spec';
  const extra = here.find((e) => e.keyword === 'additionalProperties');
  if (extra) return `${where}: unknown property "${String(extra.params.additionalProperty)}"`;
  if (allowed.length) return `${where}: ${JSON.stringify(value)} is not one of ${allowed.slice(0, 24).join(', ')}${allowed.length > 24 ? ', ...' : ''}`;
  return `${where}: ${deepest.message ?? 'does not match the Vega-Lite schema'}`;
}
