-- Team rosters carry members' resident ID numbers (checked on import, masked when shown).
ALTER TABLE team_members ADD COLUMN id_number TEXT;
