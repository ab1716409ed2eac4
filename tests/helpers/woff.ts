// The WOFF unwrapping the font service uses, for HarfBuzz in the tests.
export { woffToSfnt } from '../../src/fonts/woff.js';
