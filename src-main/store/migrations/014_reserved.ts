// Migration 14 belongs to the devices module (paired workstations and walls). This branch
// reserves the number so migration 15 (applied request ids) keeps the list without gaps; the
// devices module's own migration 14 replaces this placeholder when both are merged.
export default `SELECT 1;`;
