/** Durability of the database emulator: reopen, torn journal tail, SIGKILL during writes. */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DocumentStore } from '../../localcloud/db/store';
import { startDb, tempDir as makeTempDir } from './dbHarness';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test('writes survive close and reopen of the same data folder', async () => {
  const dir = tempDir();
  let h = await startDb(DocumentStore.open({ dataDir: dir }));
  await h.db.createCollection('people');
  h.store.createCollection('empty');
  const when = new Date('2024-05-06T07:08:09.010Z');
  const { ids } = await h.db.collection('people').add([{ name: 'a', when }, { name: 'b' }, { name: 'c' }]);
  await h.db.collection('people').doc(ids![0]).update({ tags: ['x'], n: 1.5 });
  await h.db.collection('people').doc(ids![1]).remove();
  const t = await h.db.startTransaction();
  await t.collection('people').doc(ids![2]).update({ viaTx: true });
  await t.commit();
  const uncommitted = await h.db.startTransaction();
  await uncommitted.collection('people').add({ _id: 'never' });
  await h.close();

  h = await startDb(DocumentStore.open({ dataDir: dir }));
  expect(h.store.listCollections()).toEqual(['empty', 'people']);
  const docs = (await h.db.collection('people').orderBy('name', 'asc').get()).data;
  expect(docs).toEqual([
    { _id: ids![0], name: 'a', when, tags: ['x'], n: 1.5 },
    { _id: ids![2], name: 'c', viaTx: true },
  ]);
  expect(docs[0].when).toBeInstanceOf(Date);
  // the journal was folded into the snapshot on open
  expect(fs.statSync(path.join(dir, 'journal.jsonl')).size).toBe(0);
  await h.db.collection('people').add({ _id: 'after', name: 'd' });
  await h.close();

  const again = DocumentStore.open({ dataDir: dir });
  expect(again.rawDocuments('people').map((d) => d._id).sort()).toEqual([ids![0], ids![2], 'after'].sort());
  again.close();
});

test('stored value types survive the journal and the snapshot', () => {
  const dir = tempDir();
  const odd = { _id: 'odd', old: new Date(-1000), nan: NaN, inf: -Infinity, re: /a+b/i, big: 2 ** 53 - 1, neg: -0.5, nested: [{ when: new Date(0) }], nul: null, s: '$notEJSON' };
  let store = DocumentStore.open({ dataDir: dir });
  store.insertMany('t', [odd]);
  store.close();
  store = DocumentStore.open({ dataDir: dir }); // from the journal
  expect(store.rawDocuments('t')).toEqual([odd]);
  store.close();
  store = DocumentStore.open({ dataDir: dir }); // from the snapshot
  expect(store.rawDocuments('t')).toEqual([odd]);
  expect(store.rawDocuments('t')[0].re).toBeInstanceOf(RegExp);
  store.close();
});

test('a torn last journal line is ignored; a corrupt middle line is refused', () => {
  const dir = tempDir();
  const store = DocumentStore.open({ dataDir: dir });
  store.insertMany('c', [{ _id: 'a', v: 1 }, { _id: 'b', v: 2 }]);
  store.close();
  const journal = path.join(dir, 'journal.jsonl');
  fs.appendFileSync(journal, '[{"c":"c","put":[{"_id":"torn","v":');
  const reopened = DocumentStore.open({ dataDir: dir });
  expect(reopened.rawDocuments('c')).toEqual([{ _id: 'a', v: 1 }, { _id: 'b', v: 2 }]);
  expect(fs.readFileSync(journal, 'utf8')).toBe('');
  reopened.insertMany('c', [{ _id: 'later', v: 3 }]);
  reopened.close();
  expect(DocumentStore.open({ dataDir: dir }).rawDocuments('c').map((d) => d._id)).toEqual(['a', 'b', 'later']);

  const bad = tempDir();
  fs.writeFileSync(path.join(bad, 'journal.jsonl'), '[{"create":"c"}]\n[{"c":"c","put":[{"_id"\n[{"c":"c","put":[{"_id":"z"}]}]\n');
  expect(() => DocumentStore.open({ dataDir: bad })).toThrow(/corrupt journal line/);
});

test('rawDocuments returns documents exactly as stored; insertMany bulk-loads', () => {
  const store = DocumentStore.open({ dataDir: null });
  const ids = store.insertMany('secrets', [{ name: 'enc:v1:abcdef', when: new Date(0) }, { _id: 'given', name: 'x' }]);
  expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(ids[1]).toBe('given');
  const raw = store.rawDocuments('secrets');
  expect(raw[0]).toEqual({ _id: ids[0], name: 'enc:v1:abcdef', when: new Date(0) });
  raw[0].name = 'changed'; // copies: the store is unaffected
  expect(store.rawDocuments('secrets')[0].name).toBe('enc:v1:abcdef');
  expect(() => store.insertMany('secrets', [{ _id: 'given' }])).toThrow(/duplicate key/);
  expect(() => store.rawDocuments('missing')).toThrow(/not exist/);
  store.close();
});

test('a process killed (SIGKILL) in the middle of writes loses no acknowledged write', async () => {
  const dir = tempDir();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'dbWriter.ts'), dir], {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, TENCENTCLOUD: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const added: string[] = [];
  let increments = 0;
  let stderr = '';
  let buffered = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('add ')) added.push(line.slice(4));
      else if (line === 'inc') increments++;
    }
    if (added.length >= 400 && !child.killed) child.kill('SIGKILL');
  });
  const signal = await exited;
  expect(stderr).toBe('');
  expect(signal).toBe('SIGKILL');
  expect(added.length).toBeGreaterThanOrEqual(400);

  const store = DocumentStore.open({ dataDir: dir });
  const missing = added.filter((id) => !store.getDoc('acks', id));
  expect(missing).toEqual([]);
  expect(store.getDoc('acks', 'counter')!.n).toBeGreaterThanOrEqual(increments);
  expect(store.getDoc('acks', added[0])!.at).toBeInstanceOf(Date);
  store.close();
});
