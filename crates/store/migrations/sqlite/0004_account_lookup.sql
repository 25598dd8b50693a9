-- Assignment looks accounts up by region and role.
CREATE INDEX accounts_region_role ON accounts(region_code, role);
