/**
 * Every test of the file starts with both field keys set (a test that removes one cannot leave it
 * removed for the next), and the file gives back whatever the process had. Call at the top level.
 */
export function useTestKeys(): void {
  const saved = { enc: process.env.FIELD_ENCRYPTION_KEY, hash: process.env.FIELD_HASH_KEY, keys: process.env.FIELD_ENCRYPTION_KEYS };
  beforeEach(() => {
    delete process.env.FIELD_ENCRYPTION_KEYS; // the single-key form unless a test lists keys
    process.env.FIELD_ENCRYPTION_KEY = Buffer.alloc(32, 1).toString('base64');
    process.env.FIELD_HASH_KEY = Buffer.alloc(32, 2).toString('base64');
  });
  afterAll(() => {
    for (const [k, v] of [['FIELD_ENCRYPTION_KEY', saved.enc], ['FIELD_HASH_KEY', saved.hash], ['FIELD_ENCRYPTION_KEYS', saved.keys]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
