// One style for every package: the one the code was already written in (single quotes,
// semicolons, trailing commas), wrapped at one width. `.gts` templates keep double quotes in HTML.
export default {
  plugins: ['prettier-plugin-ember-template-tag'],
  printWidth: 120,
  singleQuote: true,
  semi: true,
  trailingComma: 'all',
  arrowParens: 'always',
  endOfLine: 'lf',
  templateSingleQuote: false,
  overrides: [
    {
      files: ['*.md'],
      options: { proseWrap: 'preserve' },
    },
  ],
};
