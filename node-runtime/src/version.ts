/** The product version reported to clients (1002) and the registry. Kept in step with package.json by a test. */
export const VERSION = '0.1.0';
