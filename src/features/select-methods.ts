/** How features.select ranks features (the params schema imports the list from here). */
export const SELECT_METHODS = ['importance', 'mutual_information'] as const;
export type SelectMethod = (typeof SELECT_METHODS)[number];
