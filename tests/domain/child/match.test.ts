import { matchExisting, type Candidate } from '../../../src/domain/child';

const c = (id: string, over: Partial<Candidate> = {}): Candidate => ({ _id: id, idHash: null, matchKey: `m-${id}`, nameKey: 'n', hasGuardianPhone: false, ...over });

test('the ID number decides first', () => {
  const r = matchExisting({ idHash: 'i1', matchKey: 'mx', nameKey: 'n', hasGuardianPhone: true }, [c('a', { matchKey: 'mx' }), c('b', { idHash: 'i1' })]);
  expect(r).toEqual({ kind: 'match', candidate: expect.objectContaining({ _id: 'b' }) });
});

test('then name + birth + guardian phone; two different ID numbers are two children', () => {
  expect(matchExisting({ idHash: null, matchKey: 'mx', nameKey: 'n', hasGuardianPhone: true }, [c('a', { matchKey: 'mx', hasGuardianPhone: true })]).kind).toBe('match');
  expect(matchExisting({ idHash: 'i2', matchKey: 'mx', nameKey: 'n', hasGuardianPhone: true }, [c('a', { idHash: 'i1', matchKey: 'mx', hasGuardianPhone: true })]).kind).toBe('new');
});

test('name + birth alone only where a phone is missing, and only when it points at one file', () => {
  const noPhone = { idHash: null, matchKey: 'm0', nameKey: 'n', hasGuardianPhone: false };
  expect(matchExisting(noPhone, [c('a', { hasGuardianPhone: true })]).kind).toBe('match');
  expect(matchExisting(noPhone, [c('a'), c('b')]).kind).toBe('ambiguous');
  const withPhone = { idHash: null, matchKey: 'm9', nameKey: 'n', hasGuardianPhone: true };
  expect(matchExisting(withPhone, [c('a', { hasGuardianPhone: true })]).kind).toBe('new'); // a different guardian phone
  expect(matchExisting(withPhone, [c('a')]).kind).toBe('match'); // the file had no phone yet
  expect(matchExisting(noPhone, [c('a')], 'a').kind).toBe('new'); // itself does not count
});

test('a row without an ID number still finds, by name + birth + phone or by name + birth, a file that has one', () => {
  const file = c('a', { idHash: 'i1', matchKey: 'mx', hasGuardianPhone: true });
  expect(matchExisting({ idHash: null, matchKey: 'mx', nameKey: 'n', hasGuardianPhone: true }, [file])).toEqual({ kind: 'match', candidate: file });
  expect(matchExisting({ idHash: null, matchKey: 'm0', nameKey: 'n', hasGuardianPhone: false }, [file])).toEqual({ kind: 'match', candidate: file });
});

test('without a phone, two files with the same name and birth date are ambiguous, even though the row\'s key equals both', () => {
  // a file without a guardian phone has matchKey = hash(name|birth|''), the same as such a row's
  const noPhone = { idHash: null, matchKey: 'm0', nameKey: 'n', hasGuardianPhone: false };
  expect(matchExisting(noPhone, [c('a', { matchKey: 'm0' }), c('b', { matchKey: 'm0' })])).toEqual({ kind: 'ambiguous' });
});

test('another name or birth date is another child, phones or not', () => {
  expect(matchExisting({ idHash: null, matchKey: 'm0', nameKey: 'n', hasGuardianPhone: false }, [c('a', { nameKey: 'other' })])).toEqual({ kind: 'new' });
  expect(matchExisting({ idHash: null, matchKey: 'mx', nameKey: 'n', hasGuardianPhone: true }, [c('a', { nameKey: 'other' })])).toEqual({ kind: 'new' });
});
