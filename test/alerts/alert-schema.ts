// Checks a record against docs/alert-event.schema.json (the subset of JSON Schema it uses), so the documented schema is the tested one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/run-wiretop.js';

interface PropertySchema {
  const?: unknown;
  enum?: unknown[];
  type?: 'string' | 'number';
  minLength?: number;
  minimum?: number;
}

interface ObjectSchema {
  type: 'object';
  additionalProperties: false;
  required: string[];
  properties: Record<string, PropertySchema>;
}

export const ALERT_SCHEMA = JSON.parse(readFileSync(join(REPO, 'docs', 'alert-event.schema.json'), 'utf8')) as ObjectSchema;

const KNOWN_KEYWORDS = new Set(['const', 'enum', 'type', 'minLength', 'minimum', 'description']);

/** Throws an assertion error naming the first property that does not match. */
export function assertAlertEvent(record: unknown, schema: ObjectSchema = ALERT_SCHEMA): void {
  assert.ok(typeof record === 'object' && record !== null && !Array.isArray(record), 'an alert event is a JSON object');
  const r = record as Record<string, unknown>;
  for (const key of schema.required) assert.ok(key in r, `alert event lacks "${key}": ${JSON.stringify(r)}`);
  for (const [key, value] of Object.entries(r)) {
    const p = schema.properties[key];
    assert.ok(p !== undefined, `alert event has "${key}", which the schema does not define`);
    // A keyword this checker does not know would otherwise pass unchecked: refuse the schema instead.
    const unknown = Object.keys(p).filter((k) => !KNOWN_KEYWORDS.has(k));
    assert.deepEqual(unknown, [], `the schema's "${key}" uses keywords this checker does not check`);
    const where = `alert event "${key}" = ${JSON.stringify(value)}`;
    if ('const' in p) assert.deepEqual(value, p.const, where);
    if (p.enum !== undefined) assert.ok(p.enum.includes(value), `${where}: not one of ${JSON.stringify(p.enum)}`);
    if (p.type === 'string') {
      assert.equal(typeof value, 'string', where);
      assert.ok((value as string).length >= (p.minLength ?? 0), `${where}: too short`);
    }
    if (p.type === 'number') {
      assert.ok(typeof value === 'number' && Number.isFinite(value), `${where}: not a finite number`);
      assert.ok(value >= (p.minimum ?? -Infinity), `${where}: below ${p.minimum}`);
    }
  }
}
