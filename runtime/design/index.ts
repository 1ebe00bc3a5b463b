// The design model: `.suptree` document schema and helpers, parse/serialize with migrations, validate + lint, compile.
export * from './document';
export * from './expectations';
export { parse, serialize, migrate, jsonPath, MIGRATIONS, FIRST_VERSION, type ParseResult, type ParseError, type Migration } from './parse';
export { validate, hasErrors, type Diagnostic, type QuickFix, type Severity } from './validate';
export { LINT_RULES } from './lint';
export { analyse, label, moveChildBefore, updateNode, removeEdges, editDocument, type Analysis } from './analysis';
export { nameProblem, isValidName, sanitizeName, TS_RESERVED, ELIXIR_RESERVED } from './names';
export * from './spec';
export { SAMPLE_DESIGN, sampleDesign } from './examples';
export * as build from './build';
export { documentJsonSchema } from './json-schema';
