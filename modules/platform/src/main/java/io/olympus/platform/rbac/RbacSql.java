package io.olympus.platform.rbac;

/** SQL of roles, grants and assignments; read only by {@link RbacRepository}. */
final class RbacSql {

  /** Roles visible to the tenant (built-in and its own) with their directly granted permissions. */
  static final String ROLES = "SELECT r.id, r.tenant_id, r.key, r.name, r.description, r.parent_role_id, r.built_in, "
      + "coalesce(array_agg(rp.permission ORDER BY rp.permission) FILTER (WHERE rp.permission IS NOT NULL), '{}') "
      + "AS permissions FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id "
      + "WHERE (r.tenant_id IS NULL OR r.tenant_id = $1) GROUP BY r.id ORDER BY r.built_in DESC, r.key";

  static final String ROLE_BY_ID = "SELECT r.id, r.tenant_id, r.key, r.name, r.description, r.parent_role_id, "
      + "r.built_in, coalesce(array_agg(rp.permission ORDER BY rp.permission) "
      + "FILTER (WHERE rp.permission IS NOT NULL), '{}') AS permissions "
      + "FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id "
      + "WHERE r.id = $2 AND (r.tenant_id IS NULL OR r.tenant_id = $1) GROUP BY r.id";

  /** The role and its ancestors, nearest first (bounded depth guards against corrupt data). */
  static final String ANCESTORS = "WITH RECURSIVE chain AS ("
      + " SELECT id, parent_role_id, 0 AS depth FROM roles WHERE id = $2 AND (tenant_id IS NULL OR tenant_id = $1)"
      + " UNION ALL"
      + " SELECT r.id, r.parent_role_id, c.depth + 1 FROM chain c JOIN roles r ON r.id = c.parent_role_id"
      + " WHERE c.depth < 32 AND (r.tenant_id IS NULL OR r.tenant_id = $1)"
      + ") SELECT id FROM chain ORDER BY depth";

  static final String INSERT_ROLE = "INSERT INTO roles (id, tenant_id, key, name, description, parent_role_id) "
      + "VALUES ($1, $2, $3, $4, $5, $6)";

  static final String INSERT_ROLE_PERMISSIONS = "INSERT INTO role_permissions (role_id, tenant_id, permission) "
      + "SELECT $1, $2, unnest($3::text[])";

  static final String DELETE_ROLE_PERMISSIONS = "DELETE FROM role_permissions WHERE tenant_id = $1 AND role_id = $2";

  static final String SET_PARENT = "UPDATE roles SET parent_role_id = $3, version = version + 1, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2";

  static final String UNKNOWN_PERMISSIONS = "SELECT p FROM unnest($1::text[]) AS p "
      + "WHERE p NOT IN (SELECT code FROM permissions)";

  static final String ASSIGN = "INSERT INTO user_roles (tenant_id, user_id, role_id, location_id, granted_by) "
      + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT ON CONSTRAINT user_roles_unique DO NOTHING";

  static final String UNASSIGN = "DELETE FROM user_roles WHERE tenant_id = $1 AND user_id = $2 AND role_id = $3 "
      + "AND location_id IS NOT DISTINCT FROM $4";

  /** Every permission a user holds through its assignments and their roles' ancestors, with the scope. */
  static final String EFFECTIVE = "WITH RECURSIVE chain AS ("
      + " SELECT ur.role_id, ur.location_id, 0 AS depth FROM user_roles ur WHERE ur.tenant_id = $1 AND ur.user_id = $2"
      + " UNION ALL"
      + " SELECT r.parent_role_id, c.location_id, c.depth + 1 FROM chain c JOIN roles r ON r.id = c.role_id"
      + " WHERE r.parent_role_id IS NOT NULL AND c.depth < 32 AND (r.tenant_id IS NULL OR r.tenant_id = $1)"
      + ") SELECT DISTINCT rp.permission, c.location_id, l.path FROM chain c"
      + " JOIN role_permissions rp ON rp.role_id = c.role_id"
      + " LEFT JOIN locations l ON l.tenant_id = $1 AND l.id = c.location_id"
      + " ORDER BY rp.permission";

  /** Every permission of a role through its ancestors ($2 = the role). */
  static final String ROLE_CHAIN_PERMISSIONS = "WITH RECURSIVE chain AS ("
      + " SELECT id, parent_role_id, 0 AS depth FROM roles WHERE id = $2 AND (tenant_id IS NULL OR tenant_id = $1)"
      + " UNION ALL"
      + " SELECT r.id, r.parent_role_id, c.depth + 1 FROM chain c JOIN roles r ON r.id = c.parent_role_id"
      + " WHERE c.depth < 32 AND (r.tenant_id IS NULL OR r.tenant_id = $1)"
      + ") SELECT DISTINCT rp.permission FROM chain c JOIN role_permissions rp ON rp.role_id = c.id ORDER BY 1";

  /**
   * The tenant's owners: users holding tenant-wide the owner role ($2) or a role inheriting from it. The variant
   * {@link #OWNERS_FOR_UPDATE} locks their assignments, so changes of who owns the tenant run one after the other.
   */
  static final String OWNERS = "WITH RECURSIVE owner_roles AS ("
      + " SELECT id, 0 AS depth FROM roles WHERE id = $2"
      + " UNION ALL"
      + " SELECT r.id, o.depth + 1 FROM owner_roles o JOIN roles r ON r.parent_role_id = o.id"
      + " WHERE o.depth < 32 AND (r.tenant_id IS NULL OR r.tenant_id = $1)"
      + ") SELECT ur.user_id FROM user_roles ur WHERE ur.tenant_id = $1 AND ur.location_id IS NULL"
      + " AND ur.role_id IN (SELECT id FROM owner_roles) ORDER BY ur.user_id";

  static final String OWNERS_FOR_UPDATE = OWNERS + " FOR UPDATE OF ur";

  static final String LOCATION_PATH = "SELECT path FROM locations WHERE tenant_id = $1 AND id = $2";

  private RbacSql() {}
}
