// A build process of a batch started the usual way (no startup snapshot to start from).
import { restoreUserEnv } from '../runtime/env.js';
import { serveJobs } from './serve.js';

restoreUserEnv();
serveJobs(process.env.BRIEFPRESS_CWD ?? process.cwd());
