// A paragraph of body text (code too: parse makes it a paragraph in code style).
import { paragraph } from '../layout/flow.js';
import { markdownKind } from './kind.js';

// Space above a block is flowBlocks' to give, from the rhythm table; a flow sets only its inner spaces.
export default markdownKind('paragraph', 'paragraph', (b, ctx) => paragraph(b.spans, ctx.theme.body, ctx));
