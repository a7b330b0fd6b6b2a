package ai.rivano.gateway.middleware.injection;

/** The pattern families of SPEC §6, named as the audit record and docs name them. */
enum Family {
  ROLE_OVERRIDE("role_override"),
  DELIMITER("delimiter"),
  EXFILTRATION("exfiltration"),
  TOOL_INSTRUCTIONS("tool_instructions"),
  JAILBREAK("jailbreak");

  final String configName;

  Family(String configName) {
    this.configName = configName;
  }
}
