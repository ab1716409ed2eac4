// Runs before every test file: its own temporary folder, removed after it; the event loop turns between tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

// Every folder a test file makes with tmpdir(), its own and its CLI children's (they inherit
// TMPDIR), lies in one folder that goes when the file is done: a run used to leave some 380
// folders, 48 MB, in the system's temp folder.
const own = mkdtempSync(join(tmpdir(), 'briefpress-test-'));
process.env.TMPDIR = own;
afterAll(() => rmSync(own, { recursive: true, force: true }));

// A file of tests that each block on spawnSync (the CLI as a user runs it) never lets the
// worker's event loop reach its poll phase, so vitest's replies to the worker queue up unread
// and its 60 s RPC timer fires ("Timeout calling onTaskUpdate", an unhandled error that fails
// the run) once such tests add up to a minute. setImmediate runs after the poll phase.
afterEach(() => new Promise<void>((done) => setImmediate(done)));
