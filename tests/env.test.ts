// briefpress's own Node processes start without NODE_EXTRA_CA_CERTS (Node 20 reads that file as
// it starts); each puts it back for whatever else it starts.
import { describe, expect, it } from 'vitest';
import { KEPT_CA_CERTS, ownNodeEnv, restoreUserEnv } from '../src/runtime/env.js';

describe("the environment of briefpress's own Node processes", () => {
  it('moves NODE_EXTRA_CA_CERTS aside, adds what the process needs, and leaves the rest and the caller alone', () => {
    const user = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' };
    const env = ownNodeEnv(user, { BRIEFPRESS_CWD: '/w' });
    expect(env).toEqual({ PATH: '/bin', BRIEFPRESS_CWD: '/w', [KEPT_CA_CERTS]: '/etc/corp.pem' });
    expect(user).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' });
    // Set but empty is still the user's setting, kept as it was.
    expect(ownNodeEnv({ NODE_EXTRA_CA_CERTS: '' })).toEqual({ [KEPT_CA_CERTS]: '' });
    expect(ownNodeEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });

  it('is put back as the user had it, for what the process starts in turn', () => {
    const env = ownNodeEnv({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' });
    restoreUserEnv(env);
    expect(env).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp.pem' });
    // A process started by something else, with nothing moved aside: nothing changes.
    const other = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/other.pem' };
    restoreUserEnv(other);
    expect(other).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/other.pem' });
  });
});
