/**
 * Every `error.code` spm emits, in one casing (UPPER_SNAKE_CASE), with the exit code it ends
 * with and a one-line meaning. `--json` consumers and CI jobs branch on these, so one situation
 * has one code wherever it is detected: a data file that is not there is DATA_NOT_FOUND from
 * every command, a params value that is wrong (in itself or for the data it meets) is
 * PARAMS_INVALID whichever check finds it, a damaged artifact is ARTIFACT_CORRUPT whatever
 * kind. The message says which file, key or column; the code says what to do about it.
 *
 * `exit` names an entry of EXIT (errors.ts): a code always ends with the same exit code.
 * The README's "Error codes" section is generated from these tables
 * (`node scripts/error-codes-reference.mjs`; tests/e2e/docs.test.ts checks they agree).
 */
export const ERROR_CODES = {
  USAGE: { exit: 'usage', meaning: 'the command line is wrong: an unknown command or option, a bad option value or combination, a malformed -S' },
  PARAMS_NOT_FOUND: { exit: 'user', meaning: 'the params file (-p, default params.yaml) does not exist' },
  PARAMS_UNREADABLE: { exit: 'user', meaning: 'the params file exists but cannot be read' },
  PARAMS_YAML: { exit: 'user', meaning: 'the params file is not valid YAML' },
  EXPRESSION_INVALID: { exit: 'user', meaning: 'a features.derive expression does not parse, names an unknown function or a column that is not a numeric feature, or mixes types' },
  PARAMS_INVALID: { exit: 'user', meaning: 'a params value is wrong: an unknown key, a wrong type or range, or a column, class, model or metric the data or task does not have' },
  DATA_NOT_FOUND: { exit: 'user', meaning: 'a data file (data.source or -i) does not exist, or a data.source pattern matches no file' },
  DATA_UNREADABLE: { exit: 'user', meaning: 'a data path exists but cannot be read as a file: a directory, or permission denied' },
  CSV_EMPTY: { exit: 'user', meaning: 'an input is empty: a CSV with no header line, an empty sheet, a Parquet file with no columns' },
  CSV_NOT_TEXT: { exit: 'user', meaning: 'an input is not CSV text (binary data, or not UTF-8)' },
  CSV_BAD_HEADER: { exit: 'user', meaning: 'a CSV header line is malformed, or has an empty or duplicate column name' },
  INPUT_UNSUPPORTED: { exit: 'user', meaning: 'an input is of a kind spm does not read: legacy .xls, an encrypted workbook, Parquet with nested columns (the message says what to save it as)' },
  INPUT_CORRUPT: { exit: 'user', meaning: 'an .xlsx or .parquet input is damaged, or is not what its extension says' },
  HEADER_MISMATCH: { exit: 'user', meaning: 'the data.source files do not all have the same columns' },
  MISSING_COLUMN: { exit: 'user', meaning: 'an input lacks a column it needs (the target, a feature the model was trained on)' },
  COLUMN_TYPE: { exit: 'user', meaning: 'a column is numeric where the fitted pipeline expects categories, or the reverse' },
  COLUMN_NOT_FINITE: { exit: 'user', meaning: 'a numeric column holds infinite values, so its statistics cannot be fitted' },
  CATEGORY_RESERVED: { exit: 'user', meaning: 'a categorical column holds a value the feature pipeline reserves for itself' },
  TARGET_INVALID: { exit: 'user', meaning: 'data.target cannot be a target for the task: one class, too many classes, or text for a regression' },
  NO_FEATURES: { exit: 'user', meaning: 'no feature column is left after the target, data.id_columns and data.drop' },
  TOO_FEW_ROWS: { exit: 'user', meaning: 'fewer than 10 usable rows are left after rejecting bad ones' },
  SPLIT_TOO_SMALL: { exit: 'user', meaning: 'the data (or a class) is too small for the test split or the cross-validation folds asked for' },
  NO_VERSION: { exit: 'user', meaning: 'a stage has no version for the current params yet: run it (or spm run) first' },
  NO_PREDICTIONS: { exit: 'user', meaning: 'spm feedback found no recorded predictions (of the --model asked for) to join outcomes with' },
  OUTCOMES_UNMATCHED: { exit: 'user', meaning: 'none of the outcomes given to spm feedback matched a recorded prediction by id' },
  NO_PREVIOUS: { exit: 'user', meaning: 'there is no other version to compare with, or no earlier alias holder to roll back to' },
  UNKNOWN_REF: { exit: 'user', meaning: 'a REF names no version: not an alias, not an id (prefix) of the store' },
  AMBIGUOUS_REF: { exit: 'user', meaning: 'a REF is an id prefix that matches several versions' },
  BAD_REF: { exit: 'user', meaning: 'a REF names a version of the wrong stage, or one whose lineage lacks the stage needed' },
  NO_ALIAS: { exit: 'user', meaning: 'promote --rollback: the store has no alias of that name' },
  ALIAS_MOVED: { exit: 'user', meaning: 'promote --if-better: another process moved the alias while the candidate was compared; run it again' },
  MODELS_INCOMPARABLE: { exit: 'user', meaning: 'promote --if-better: the candidate and the holder predict different targets, tasks or classes' },
  NO_LABELLED_ROWS: { exit: 'user', meaning: 'promote --if-better: no row of the labelled data can be scored by both models with a known target' },
  BAD_ALIAS: { exit: 'user', meaning: 'an alias name is not allowed (letters, digits, _ . -, starting with a letter; not latest)' },
  ARTIFACT_MISSING: { exit: 'user', meaning: 'a version the command needs (named by a REF, an alias or a lineage) is not in the store' },
  EXPORT_UNSUPPORTED: { exit: 'user', meaning: 'spm export cannot express the model in the format asked for (the message names the feature, column or field); nothing is written' },
  ARTIFACT_CORRUPT: { exit: 'user', meaning: 'a stored artifact (manifest, model, schema, pipeline, metrics, aliases) is damaged or not what spm wrote: rebuild it' },
  ARTIFACT_OLD: { exit: 'user', meaning: 'a stored version was written by an older spm without something this one needs (checksums; the node covers that SHAP explanations of a tree model need): rebuild it' },
  STORE_PATH: { exit: 'user', meaning: 'the artifact store folder cannot be used (not a folder, no permission, disk full)' },
  STORE_LOCKED: { exit: 'user', meaning: 'another spm process holds the artifact store lock' },
  SHARD_MISMATCH: { exit: 'user', meaning: 'the parts given to spm predict --merge are not every shard of one run: a shard missing or repeated, or parts of another input, model or shard count' },
  QUEUE_UNREACHABLE: { exit: 'user', meaning: 'spm worker or a --queue command cannot reach Redis at the address given, at start or for several seconds mid-run; nothing is published' },
  QUEUE_PIECE_FAILED: { exit: 'user', meaning: 'a piece of a --queue command failed without an error of its own: its worker was lost more times than allowed, or the params or data changed while it waited' },
  PARAMS_EXISTS: { exit: 'user', meaning: 'spm init: the params file it would write exists already (--force replaces it)' },
  OUTPUT_PATH: { exit: 'user', meaning: 'an output file cannot be written (no permission, a directory, disk full)' },
  TOKEN_FILE: { exit: 'user', meaning: 'serve: the --token-file cannot be read or does not hold one usable token' },
  INSECURE_HOST: { exit: 'user', meaning: 'serve: a --host beyond this machine needs --token-file (or an explicit --insecure)' },
  PORT_IN_USE: { exit: 'user', meaning: 'serve: the port is already in use' },
  PORT_DENIED: { exit: 'user', meaning: 'serve: listening on the port needs privileges' },
  BAD_HOST: { exit: 'user', meaning: 'serve: the --host is not an address of this machine' },
  API_ARGUMENT: { exit: 'usage', meaning: 'library API: an argument is not what the function takes (rows that are neither records nor a table, an unknown stage)' },
  INTERNAL: { exit: 'internal', meaning: 'a bug in spm: the message and stack trace go to stderr; please report it' },
} as const satisfies Record<string, { readonly exit: 'user' | 'usage' | 'internal'; readonly meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Codes only `spm serve` answers with, beside its HTTP status; a request's data problem answers
 * 400 with its ERROR_CODES code (MISSING_COLUMN, CSV_NOT_TEXT…).
 */
export const HTTP_ERROR_CODES = {
  BAD_JSON: { status: 400, meaning: 'the body is not valid JSON, or not an array of records (or one record)' },
  EMPTY: { status: 400, meaning: 'the JSON body holds no records' },
  UNAUTHORIZED: { status: 401, meaning: 'the server needs a bearer token, and the request has none or a wrong one' },
  NOT_FOUND: { status: 404, meaning: 'no such route' },
  METHOD_NOT_ALLOWED: { status: 405, meaning: 'the route does not take this method (the Allow header lists those it takes)' },
  TOO_LARGE: { status: 413, meaning: 'the body is larger than --max-body' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'the Content-Type is neither application/json nor text/csv' },
  UNSUPPORTED_CHARSET: { status: 415, meaning: 'the body is declared in a charset other than UTF-8' },
  CLIENT_CLOSED: { status: 499, meaning: 'the client closed the connection before the answer (logged only)' },
  INTERNAL: { status: 500, meaning: 'a bug in spm: the server log has the details' },
} as const satisfies Record<string, { readonly status: number; readonly meaning: string }>;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

/** Whether `code` is in ERROR_CODES (a code that crossed a worker boundary is checked with this). */
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
