// The environment of briefpress's own Node processes.
//
// Node 20 reads the file NODE_EXTRA_CA_CERTS names as it starts, before any of our code runs
// (nodejs/node#40524): with the 220 KB bundle of a typical corporate or CI machine, every start
// costs ~35 ms more (19 -> 56 ms for `node -e 0`, and a cold build 0.28 -> 0.24 s). briefpress
// opens no TLS connection (charts never load from the network), so its own processes start
// without it: bin/briefpress, and every Node process briefpress starts, move it aside into
// KEPT_CA_CERTS; each process puts it back into its own process.env first thing, so whatever
// else it starts (a browser for the preview) gets the user's environment as it was.

/** Where the user's NODE_EXTRA_CA_CERTS waits while a briefpress process starts (bin/briefpress uses the same name). */
export const KEPT_CA_CERTS = 'BRIEFPRESS_NODE_EXTRA_CA_CERTS';

/** Puts the user's NODE_EXTRA_CA_CERTS back where it was, if it was moved aside for this process. */
export function restoreUserEnv(env: NodeJS.ProcessEnv = process.env): void {
  if (env[KEPT_CA_CERTS] === undefined) return;
  env.NODE_EXTRA_CA_CERTS = env[KEPT_CA_CERTS];
  delete env[KEPT_CA_CERTS];
}

/** `env` for a Node process of briefpress's own: NODE_EXTRA_CA_CERTS moved aside, so it starts without reading it. */
export function ownNodeEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ...extra };
  if (out.NODE_EXTRA_CA_CERTS !== undefined) {
    out[KEPT_CA_CERTS] = out.NODE_EXTRA_CA_CERTS;
    delete out.NODE_EXTRA_CA_CERTS;
  }
  return out;
}
