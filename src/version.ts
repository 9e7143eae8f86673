/** The spm version, part of every artifact id (a new version of spm never reuses old outputs). */
export const SPM_VERSION = '0.2.0';
