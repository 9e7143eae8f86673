/**
 * The dashboard's one mutable page state, shared by its sections: the served model, the
 * uploaded file and its scores, and how the table is currently sorted, filtered and paged.
 */

export const state = {
  /** GET /v1/model */
  model: null,
  /** What the model's output means for the charts and wording (see outcomeOf in outcome.js). */
  outcome: null,
  /** The uploaded file, kept to re-post for the download. */
  file: null,
  /** The last POST /v1/predict answer for the file. */
  result: null,
  /** The table's columns for that answer. */
  columns: [],
  /** Row indices of result.predictions in the current sort order. */
  order: [],
  /** Row indices that pass the filters, in sort order. */
  view: [],
  sort: { key: 'row', direction: 'ascending' },
  shown: 0,
};
