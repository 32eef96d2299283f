export { migrateDatabase, type StoreMigration, storeMigrations } from "./migrations.js";
export { type OpenSqliteStoreOptions, openSqliteStore, type SqliteStore } from "./open-sqlite-store.js";
