package io.github.dbqueryagent.internal.validate;

import java.util.Locale;
import java.util.Set;

/**
 * Functions a query may not call: they sleep or take locks, read or write server files, reach the
 * network or other databases, run SQL text of their own (which would escape every other check),
 * change settings or sequences, or stop sessions. Collected from each supported database's
 * documentation of administrative, file-access and network functions, and from well-known
 * SQL-injection payloads. Stateless.
 */
final class DeniedFunctions {
  private DeniedFunctions() {}

  /** Denied function names, lower case, without schema. */
  static final Set<String> NAMES =
      Set.of(
          // PostgreSQL: sleeping, files, large objects, other servers, settings, backends, WAL, slots
          "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_read_file", "pg_read_binary_file", "pg_ls_dir",
          "pg_ls_logdir", "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir",
          "pg_ls_logicalmapdir", "pg_ls_replslotdir", "pg_stat_file", "pg_file_write", "pg_file_rename",
          "pg_file_unlink", "pg_file_sync", "pg_logdir_ls", "lo_import", "lo_export", "lo_create", "lo_creat",
          "lo_unlink", "lo_put", "lo_get", "lo_from_bytea", "lo_open", "lo_close", "loread", "lowrite",
          "lo_truncate", "lo_truncate64", "lo_lseek", "lo_lseek64", "dblink", "dblink_exec", "dblink_connect",
          "dblink_connect_u", "dblink_send_query", "dblink_open", "dblink_fetch", "dblink_get_result",
          "dblink_disconnect", "set_config", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
          "pg_rotate_logfile", "pg_switch_wal", "pg_switch_xlog", "pg_create_restore_point", "pg_promote",
          "pg_wal_replay_pause", "pg_wal_replay_resume", "pg_backup_start", "pg_backup_stop", "pg_start_backup",
          "pg_stop_backup", "pg_log_backend_memory_contexts", "pg_create_physical_replication_slot",
          "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_copy_physical_replication_slot",
          "pg_copy_logical_replication_slot", "pg_logical_emit_message", "pg_replication_origin_create",
          "pg_replication_origin_drop", "pg_stat_reset", "pg_stat_reset_shared",
          "pg_stat_reset_single_table_counters", "pg_stat_reset_single_function_counters", "pg_stat_reset_slru",
          "pg_stat_reset_replication_slot", "pg_stat_statements_reset", "pg_advisory_lock",
          "pg_advisory_lock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
          "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock",
          "pg_try_advisory_xact_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared",
          "pg_advisory_unlock_all", "pg_notify", "pg_import_system_collations", "pg_truncate_visibility_map",
          "nextval", "setval",
          // PostgreSQL: functions that run SQL given as text, past the table checks
          "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml",
          "cursor_to_xmlschema", "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
          "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema", "database_to_xml",
          "database_to_xmlschema", "database_to_xml_and_xmlschema", "ts_stat", "ts_rewrite",
          // SQL Server (xp_ and sp_ procedures are denied by prefix)
          "openrowset", "opendatasource", "openquery", "fn_xe_file_target_read_file", "fn_get_audit_file",
          "fn_trace_gettable", "fn_dblog", "fn_dump_dblog", "pwdcompare", "pwdencrypt",
          // MySQL / MariaDB
          "load_file", "sleep", "benchmark", "get_lock", "release_lock", "release_all_locks", "sys_exec",
          "sys_eval", "sys_get", "sys_set", "master_pos_wait", "source_pos_wait", "master_gtid_wait",
          "wait_for_executed_gtid_set", "wait_until_sql_thread_after_gtids",
          // SQLite (CLI and common extensions)
          "load_extension", "writefile", "readfile", "fts3_tokenizer", "edit", "fsdir", "zipfile",
          // H2
          "csvwrite", "csvread", "file_read", "file_write", "link_schema", "java_object", "cancel_session",
          "abort_session",
          // Oracle (DBMS_ and UTL_ packages are denied by prefix)
          "httpuritype", "dburitype", "ftpuritype");

  /** Denied name prefixes: Oracle packages, SQL Server extended and system procedures. */
  private static final String[] PREFIXES = {"dbms_", "utl_", "xp_", "sp_"};

  /**
   * Returns whether a function may not be called.
   *
   * @param qualifiedName the name as written, possibly schema- or package-qualified and quoted, for
   *     example {@code pg_catalog.pg_sleep}, {@code "PG_SLEEP"}, {@code master..xp_cmdshell} or
   *     {@code DBMS_LOCK.SLEEP}
   * @return true when the last part is a denied name or has a denied prefix, or any part names a
   *     {@code DBMS_} or {@code UTL_} package; matching ignores case and quotes
   */
  static boolean isDenied(String qualifiedName) {
    if (qualifiedName == null || qualifiedName.isBlank()) return false;
    String[] parts = JsqlparserValidator.unquote(qualifiedName).toLowerCase(Locale.ROOT).split("\\.");
    if (parts.length == 0) return false;
    String last = parts[parts.length - 1].strip();
    if (NAMES.contains(last) || hasDeniedPrefix(last)) return true;
    for (String part : parts) {
      if (isPackage(part.strip())) return true;
    }
    return false;
  }

  /** Returns the last part of a qualified name, unquoted and lower case: the key for reporting a name once. */
  static String lastPart(String qualifiedName) {
    String name = JsqlparserValidator.unquote(qualifiedName).toLowerCase(Locale.ROOT);
    return name.substring(name.lastIndexOf('.') + 1).strip();
  }

  /** Returns whether a name part (unquoted, any case) names an Oracle DBMS_ or UTL_ package. */
  static boolean isPackage(String part) {
    String p = part.toLowerCase(Locale.ROOT);
    return p.startsWith("dbms_") || p.startsWith("utl_");
  }

  /** Returns whether one name part (unquoted, any case) starts with a denied prefix. */
  static boolean hasDeniedPrefix(String part) {
    String p = part.toLowerCase(Locale.ROOT);
    for (String prefix : PREFIXES) {
      if (p.startsWith(prefix)) return true;
    }
    return false;
  }
}
