// Migration 9: named video-wall presets (multi-monitor). A projection of the
// wall.preset_saved / wall.preset_deleted journal events (rebuildProjections replays them).
// `displays` is the preset's full map, display number → layout, as of its last save.
export default `
CREATE TABLE wall_presets (
  name        TEXT PRIMARY KEY,        -- NFC, trimmed, 1…80 characters
  displays    TEXT NOT NULL,           -- JSON {"<display>": {layout, custom, tiles}}
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL            -- login of the last save
) STRICT;
`;
