/**
 * Which back end this build talks to. Written by `npm run build -- --env <envId>` (CloudBase) or
 * `npm run build -- --env local`; the committed file is always the local cloud, and
 * tests/build.test.ts fails if a cloud environment id is committed.
 */
export const BACKEND: { backend: 'local' | 'cloud'; envId: string } = { backend: 'local', envId: '' };
