// wiretop's version, printed by --version and -h (kept equal to package.json by a test).
export const VERSION = '0.1.0';
