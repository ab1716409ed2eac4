// A build process of a batch started the usual way (no startup snapshot to start from).
import { serveJobs } from './serve.js';

serveJobs(process.env.BRIEFPRESS_CWD ?? process.cwd());
