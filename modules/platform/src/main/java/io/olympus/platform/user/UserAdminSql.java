package io.olympus.platform.user;

/** SQL of the users admin view over the platform's own tables; read only by {@link UserAdminService}. */
final class UserAdminSql {

  /** Role assignments (with the role's key and name) of a set of users. */
  static final String ASSIGNMENTS = "SELECT ur.user_id, ur.role_id, r.key, r.name, ur.location_id, ur.granted_at "
      + "FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
      + "WHERE ur.tenant_id = $1 AND ur.user_id = ANY($2::uuid[]) ORDER BY ur.user_id, ur.granted_at";

  /** Users holding a role (anywhere in the tenant). */
  static final String HOLDERS = "SELECT DISTINCT user_id FROM user_roles WHERE tenant_id = $1 AND role_id = $2";

  private UserAdminSql() {}
}
