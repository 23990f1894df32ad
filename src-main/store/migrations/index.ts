import { MODULE_MIGRATIONS } from '../../modules';

/**
 * Numbered migrations, declared by the modules (src-main/<domain>/module.ts) and gathered by the
 * composition root, which checks they run 1..N without gaps; the database's `user_version` is
 * the number of the last one applied.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = MODULE_MIGRATIONS;

export const SCHEMA_VERSION = MIGRATIONS.length;
