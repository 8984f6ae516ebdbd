/**
 * How `wfo replay --query` connects (flags over the Temporal CLI's environment variables, TLS as
 * the CLI turns it on) and how `--save` names and writes files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFileName, saveHistory } from '../../src/replay/save-history.js';
import { resolveServerTarget } from '../../src/replay/server-connection.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'wfo-server-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'ca.pem'), 'CA');
writeFileSync(path.join(dir, 'client.pem'), 'CRT');
writeFileSync(path.join(dir, 'client.key'), 'KEY');

describe('resolveServerTarget', () => {
  it("the Temporal CLI's defaults: localhost:7233, namespace default, no TLS", () => {
    expect(resolveServerTarget({}, {}, dir)).toEqual({ address: 'localhost:7233', namespace: 'default' });
  });

  it('reads the variables the Temporal CLI reads; flags win over them', () => {
    const env = { TEMPORAL_ADDRESS: 'env:7233', TEMPORAL_NAMESPACE: 'env-ns', TEMPORAL_API_KEY: 'env-key' };
    expect(resolveServerTarget({}, env, dir)).toEqual({ address: 'env:7233', namespace: 'env-ns', apiKey: 'env-key', tls: {} });
    expect(resolveServerTarget({ address: 'flag:7233', namespace: 'flag-ns', apiKey: 'flag-key' }, env, dir)).toMatchObject({ address: 'flag:7233', namespace: 'flag-ns', apiKey: 'flag-key' });
  });

  it('TLS is on with --tls, an API key or any TLS file, and off with TEMPORAL_TLS=false', () => {
    expect(resolveServerTarget({ tls: true }, {}, dir).tls).toEqual({});
    expect(resolveServerTarget({ apiKey: 'k' }, { TEMPORAL_TLS: 'false' }, dir).tls).toBeUndefined();
    expect(resolveServerTarget({ apiKey: 'k', tls: true }, { TEMPORAL_TLS: 'false' }, dir).tls).toEqual({});
    expect(resolveServerTarget({ tlsServerName: 'my.host' }, {}, dir).tls).toEqual({ serverNameOverride: 'my.host' });
    const mtls = resolveServerTarget({}, { TEMPORAL_TLS_CLIENT_CERT_PATH: 'client.pem', TEMPORAL_TLS_CLIENT_KEY_PATH: 'client.key', TEMPORAL_TLS_SERVER_CA_CERT_PATH: 'ca.pem' }, dir);
    expect(mtls.tls).toEqual({ serverRootCACertificate: Buffer.from('CA'), clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') } });
  });

  it('names the variable or flag that is wrong', () => {
    expect(() => resolveServerTarget({}, { TEMPORAL_TLS: 'yes' }, dir)).toThrow("TEMPORAL_TLS must be true or false, not 'yes'");
    expect(() => resolveServerTarget({}, { TEMPORAL_TLS_CLIENT_KEY_PATH: 'client.key' }, dir)).toThrow('TEMPORAL_TLS_CLIENT_KEY_PATH needs --tls-cert-path too');
    expect(() => resolveServerTarget({ tlsCaPath: 'nope.pem' }, {}, dir)).toThrow('--tls-ca-path: cannot read nope.pem: ENOENT');
  });
});

describe('--save', () => {
  const run = '0196c0de-0000-7000-8000-000000000001';

  it('names a file by workflow id and run id, in characters every file system takes', () => {
    expect(historyFileName('order-1', run)).toBe(`order-1_${run}.json`);
    expect(historyFileName('tenant/42:order 7', run)).toBe(`tenant%2F42%3Aorder%207_${run}.json`);
    expect(historyFileName('.hidden', run)).toBe(`%2Ehidden_${run}.json`);
    expect(historyFileName('café', run)).toBe(`caf%C3%A9_${run}.json`);
  });

  it('cuts a very long id, keeping ids that share a beginning apart', () => {
    const a = historyFileName(`${'x'.repeat(300)}a`, run);
    const b = historyFileName(`${'x'.repeat(300)}b`, run);
    expect(a).not.toBe(b);
    expect(Buffer.byteLength(a)).toBeLessThan(255);
  });

  it('writes atomically, replacing an earlier save and leaving no temporary file', () => {
    const out = path.join(dir, 'saved');
    saveHistory(out, 'order-1', run, '{"events":[1]}');
    const file = saveHistory(out, 'order-1', run, '{"events":[2]}');
    expect(readdirSync(out)).toEqual([`order-1_${run}.json`]);
    expect(readFileSync(file, 'utf8')).toBe('{"events":[2]}\n');
  });
});
