// Backup, restore and move of a site, portable across SQLite, PostgreSQL and MariaDB.
export { BackupError } from './backup-error.ts';
export { backupFileNames, filesArchiveFor, siteConfigFor } from './backup-format.ts';
export { type BackupSiteOptions, backupSite, backupsFolder, type SiteBackup } from './backup-site.ts';
export { type MovedSite, type MoveSiteOptions, moveSite } from './move-site.ts';
export { type RestoredSite, type RestoreSiteOptions, restoreSite } from './restore-site.ts';
export { type VerifiedBackup, verifyBackup } from './verify-backup.ts';
