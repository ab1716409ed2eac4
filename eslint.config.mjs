// Lint: ESLint's and typescript-eslint's recommended rules, for Node. Formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config({ ignores: ['dist/**', 'node_modules/**', 'bench/typst/**', 'output/**'] }, js.configs.recommended, ...tseslint.configs.recommended, {
  languageOptions: { globals: { ...globals.node } },
  rules: {
    // A parameter kept for its place in a signature is named _x.
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    // Control characters are what some checks look for (a YAML value's, a terminal's escapes).
    'no-control-regex': 'off',
    // Messages are matched as printed: "  hint:" is two spaces, written as two.
    'no-regex-spaces': 'off',
    // The font service's classes of emoji and variation selectors are meant as code points.
    'no-misleading-character-class': 'off',
  },
});
