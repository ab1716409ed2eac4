// Runs before every test file: lets the test worker's event loop turn between tests.
import { afterEach } from 'vitest';

// A file of tests that each block on spawnSync (the CLI as a user runs it) never lets the
// worker's event loop reach its poll phase, so vitest's replies to the worker queue up unread
// and its 60 s RPC timer fires ("Timeout calling onTaskUpdate", an unhandled error that fails
// the run) once such tests add up to a minute. setImmediate runs after the poll phase.
afterEach(() => new Promise<void>((done) => setImmediate(done)));
