package ai.rivano.gateway.middleware.injection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The phrase rules of the injection scorer, by family, with their weights (the strength of one match: a strong
 * rule alone reaches the block band, ≥ 0.7; a weak cue alone stays in the pass band, < 0.3). Weights are for
 * user text; rules aimed at instructions hidden in tool output carry a second weight used only for
 * {@code TOOL_RESULT} text. See docs/guardrails.md "Injection scoring" for the reasoning.
 */
final class Rules {

  static final Map<String, String[]> MACROS = new HashMap<>();

  static {
    macro("IGNORE", "ignore ignoring disregard disregarding forget forgetting bypass skip abandon discard dismiss "
        + "overlook neglect erase unlearn ditch scrap");
    macro("DET", "all any every each the your ur these those of everything whatever");
    macro("PRIOR", "previous prior above earlier preceding original initial former foregoing existing default "
        + "system old current given");
    macro("INSTR", "instructions instruction prompt prompts rules rule directions directives directive guidelines "
        + "guideline guidance commands orders programming training constraints restrictions policies policy "
        + "guardrails filters commandments role persona identity");
    macro("KIND", "safety content ethical moral security usage openai anthropic developer operator");
    macro("LIMITS", "restrictions restriction limits limitations limit filters filter rules censorship guidelines "
        + "boundaries constraints morals ethics policies policy refusals warnings safeguards guardrails principles "
        + "filtering");
    macro("UNBOUND", "unrestricted unfiltered uncensored jailbroken free freed dan evil rogue unbound unlimited "
        + "limitless liberated unchained amoral immoral lawless");
    macro("REVEAL", "reveal print show display output repeat dump leak disclose expose tell give share write spell "
        + "recite echo copy paste return list provide translate encode quote state type");
    macro("SHOW", "reveal print show display output repeat dump leak disclose expose recite echo copy spell quote");
    macro("ME", "me us");
    macro("ADJ", "full entire complete exact original initial hidden secret confidential internal system developer "
        + "first whole raw verbatim current real actual private pre admin operator");
    macro("TARGET", "prompt prompts instructions instruction guidelines rules configuration config directives "
        + "programming preprompt message context memory setup secrets");
    macro("STRONG_TARGET", "prompt prompts instructions instruction preprompt configuration config directives "
        + "programming message");
    macro("CREDENTIAL", "key keys password passwords credentials credential token tokens secret secrets apikey");
    macro("CREDENTIAL_KIND", "api secret access private admin database db openai aws ssh root master");
    macro("AI", "ai ais assistant assistants chatbot chatbots bot llm llms gpt chatgpt claude gemini copilot bard "
        + "model models");
    macro("IMPERATIVE", "must should please now ignore disregard forget do dont stop instead send forward tell say "
        + "reply respond call run execute open visit include append delete reveal recommend rate approve buy grant "
        + "close accept upload exfiltrate rank summarize translate state write post make end switch add remove "
        + "output print insert decline cancel reject update change transfer pay purchase sign");
  }

  final List<PhraseRule> phrases = new ArrayList<>();
  final Vocabulary vocabulary = new Vocabulary();

  Rules() {
    // ---- role override: "ignore previous instructions" and its relatives
    role(0.85, "$IGNORE $DET*3 $PRIOR ~2 $INSTR");
    role(0.85, "$IGNORE $DET*2 system|developer|operator message|messages|prompt|prompts");
    role(0.80, "override|overriding|overwrite|overwriting your|ur $PRIOR? $INSTR");
    role(0.80, "override|overriding|overwrite|overwriting all? $DET? previous|prior|earlier|above|system|original "
        + "$INSTR");
    role(0.80, "pay no attention|heed to $DET*2 $PRIOR? $INSTR");
    role(0.75, "throw|put|set|cast|toss away|aside|out $DET*3 $PRIOR? $INSTR");
    role(0.80, "$IGNORE what|whatever|everything the|your developers|developer|creators|creator|company|openai|"
        + "anthropic|operator|operators told|said|taught|instructed|wrote|gave");
    role(0.60, "what are you not|never allowed|permitted to say|tell|reveal|share|discuss");
    role(0.70, "your $INSTR have|has been updated|changed|removed|lifted|revoked|relaxed|suspended");
    role(0.50, "you may|can now share|say|answer|do|discuss|reveal anything|everything");
    role(0.75, "$PRIOR $INSTR are|were|have|has? been? removed|lifted|disabled|revoked|cancelled|canceled|void|"
        + "deleted|suspended|overridden");
    role(0.60, "you|youre are? not|no an|a? assistant|ai|chatbot|model anymore|longer");
    role(0.40, "follow|obey my orders|commands|instructions|rules only");
    role(0.75, "everything|all|anything ~4 before|above|previously|earlier ~2 void|null|invalid|cancelled|"
        + "canceled|irrelevant|obsolete|revoked");
    role(0.85, "$IGNORE $DET*2 $INSTR from|of|by the|your? developer|developers|creator|creators|operator|system|"
        + "openai|anthropic|company");
    role(0.60, "$IGNORE that|this|those|these $INSTR");
    role(0.60, 0.85, "$IGNORE $DET*2 user|users $KIND? request|requests|question|questions|instructions|"
        + "instruction|settings|preferences|rules|message|messages|query");
    role(0.50, 0.85, "$IGNORE what|whatever the user|users asked|said|wants|wrote|requested");
    role(0.40, "you were|have|ve been? told|instructed|asked|programmed to only|not|never");
    role(0.80, "$IGNORE $DET*3 $INSTR ~3 above|before|earlier|previously|prior|beforehand");
    role(0.80, "$IGNORE your|ur $KIND*2 $INSTR");
    role(0.55, "$IGNORE $DET*2 $KIND $INSTR");
    role(0.75, "$IGNORE everything|all|anything above|preceding");
    role(0.80, "$IGNORE everything|all|anything|what|whatever you were|have|ve|had been? told|taught|instructed|"
        + "programmed|given|trained");
    role(0.75, "$IGNORE the|all above|preceding|foregoing");
    role(0.85, "you|youre are? now ~3 $UNBOUND");
    role(0.25, "you|youre are? now");
    role(0.75, "you|youre are? no longer bound|restricted|limited|constrained|required|obligated|subject|an|a|"
        + "chatgpt|claude|gpt");
    role(0.60, "new|updated|real|actual|revised|true instructions|instruction|rules|directive|directives|"
        + "task|role|orders|prompt:");
    role(0.70, "new system prompt|directive|directives|instructions|message|rules");
    role(0.55, "your new|real|actual|true task|role|instructions|job|goal|objective|purpose|mission is|are|will");
    role(0.60, "the real|actual|true instructions|rules are|is");
    role(0.80, "act|acting|behave|pretend|roleplay|respond|answer|simulate|imagine|operate|become|function "
        + "~6 without|no|zero $DET*2 $KIND? $LIMITS");
    role(0.70, "ai|assistant|chatbot|model|bot|entity|llm|version|persona|character|machine|program|robot ~2 "
        + "without|no|zero|free "
        + "$DET*2 $KIND? $LIMITS");
    role(0.25, "from now on");
    role(0.75, "not|dont|stop|never follow|following|obey|obeying your|ur $PRIOR? $INSTR");
    role(0.70, "stop|quit|cease following|obeying $DET*2 $INSTR");
    role(0.35, "obey me");
    role(0.40, "you now? work|answer for me");
    role(0.30, "do exactly what i say|tell");
    role(0.40, "i am|im the|your developer|developers|admin|administrator|creator|owner|operator|programmer");
    role(0.40, "i authorize|authorise you");
    role(0.80, "your|the $PRIOR? $INSTR are|were|is|was cancelled|canceled|void|revoked|null|obsolete|overridden|"
        + "invalid|fake|suspended|lifted|removed|deleted");
    role(0.80, "$PRIOR $INSTR were|was a test");
    role(0.75, "everything|all before|above ~4 void|null|invalid|cancelled|canceled|irrelevant|obsolete");
    role(0.75, "reset|clear|wipe|drop|erase|delete your|all $DET*2 $INSTR|memory|programming");
    role(0.30, "no longer apply|applies|valid|matter");
    role(0.50, 0.75, "your task|job|goal|instructions|role|purpose has|have|is|are changed|now|different|updated");
    role(0.45, 0.60, "the user is|has an? admin|administrator|root|developer|superuser|authorized|authorised|"
        + "verified|owner");
    role(0.45, "grant|approve|comply|fulfil|fulfill ~2 all|every|any requests|request|demands");
    role(0.50, "you|youre are? in|now developer|maintenance|admin|debug|god|unrestricted|sudo mode");
    role(0.50, "you|youre are? a|an hacker|malware|evil|criminal|unrestricted|unethical|malicious|rogue");
    role(0.60, 0.80, "this is your developer|creator|administrator|admin|operator|owner|master");
    role(0.50, "ignore safety");

    // ---- delimiter injection spelled in words (the literal tokens are in DelimiterScanner)
    rule(Family.DELIMITER, 0.50, -1, false, "end of user? input|prompt");
    rule(Family.DELIMITER, 0.80, -1, false, "begin|start system|new prompt|message|instructions");
    rule(Family.DELIMITER, 0.60, -1, false, "system override|overwrite|update|alert|directive|directives|note:");
    rule(Family.DELIMITER, 0.50, -1, false, "system override");
    rule(Family.DELIMITER, 0.45, -1, false, "^system:");
    rule(Family.DELIMITER, 0.50, -1, false, "admin|administrator|root|elevated|sudo access|privileges|rights|mode "
        + "granted|enabled|activated|unlocked");
    rule(Family.DELIMITER, 0.30, -1, false, "maintenance|admin|debug|sudo|god mode");

    // ---- exfiltration: system prompt, hidden instructions, keys, data to a URL
    exfil(0.85, "$REVEAL out|back|me|us*2 your|ur $ADJ*3 $TARGET");
    exfil(0.80, "$REVEAL ~6 your|ur $ADJ*3 $STRONG_TARGET");
    exfil(0.70, "$REVEAL out|back|me|us*2 its|their $ADJ*3 $TARGET");
    exfil(0.75, "contains|containing|include|includes|including ~1 your|ur $ADJ*3 $STRONG_TARGET");
    exfil(0.75, "what|whats does|do|is|in|inside? your|ur $ADJ*2 $TARGET say|says|contain|contains|include|look");
    exfil(0.75, "$REVEAL $ME? $DET*2 hidden|secret|system|initial|original|confidential|internal text|words|"
        + "content|contents|message|messages");
    exfil(0.75, "$REVEAL ~5 $STRONG_TARGET you received|got|were|have");
    exfil(0.60, "etc passwd|shadow");
    exfil(0.30, "list|show|tell|enumerate all? $DET? tools|functions|plugins you have|can|use");
    exfil(0.50, "reply|respond|answer ~4 with $DET*2 $ADJ? $CREDENTIAL_KIND? $CREDENTIAL");
    exfil(0.75, "what|whats is|are|were|in|inside? your|ur $ADJ*2 $STRONG_TARGET");
    exfil(0.70, "$REVEAL $ME? the|all|any|those $ADJ*2 hidden|secret|confidential|internal|initial|original|system|"
        + "developer|operator|pre $TARGET");
    exfil(0.80, "$SHOW $ME? $DET*2 words|text|everything|content|contents ~4 above|before|preceding|prior|earlier");
    exfil(0.75, "$SHOW ~3 your|ur context|memory|window|conversation|history");
    exfil(0.70, "$REVEAL $ME? your|ur|the|any|all|those|these $DET*2 $ADJ*2 $CREDENTIAL_KIND? $CREDENTIAL");
    exfil(0.55, "$REVEAL $ME? all|your|the|any configuration|config|secrets|credentials");
    exfil(0.75, "first|last|opening|beginning|start ~3 of your|ur $ADJ*2 $STRONG_TARGET");
    exfil(0.70, "describe|summarize|summarise|paraphrase|outline|explain your|ur $ADJ*2 $STRONG_TARGET");
    exfil(0.75, "put|place|wrap|insert ~1 your|ur $ADJ*2 $STRONG_TARGET");
    exfil(0.55, "your|ur hidden|secret|confidential|initial|original|system|internal|pre $STRONG_TARGET");
    exfil(0.60, "their|its|your secret|hidden|private credentials|keys|passwords|tokens");
    exfil(0.70, "$REVEAL ~4 your|ur environment|env variables|vars|variable");
    exfil(0.70, "what|which api|secret|access key|keys|password|token|credentials are|do|did you");
    exfil(0.80, "send|sending|post|posting|upload|uploading|forward|forwarding|transmit|exfiltrate|email|mail|"
        + "append|beam|submit|leak|attach ~5 "
        + "conversation|chat|history|messages|credentials|keys|contents|everything|session|"
        + "token|cookies|transcript|memory", true);
    // "email the summary to me at a@b.com", "email bob@x.org about it": everyday requests; alone they pass, with
    // other evidence they add up
    exfil(0.25, "send|sending|post|posting|upload|uploading|forward|forwarding|transmit|email|mail|"
        + "append|beam|submit|attach ~5 data|information|info|summary|details|it", true);
    // ...but "all the data you have about the user" to an outside address is the attack itself (the person, not
    // "the customer order", is what is sent)
    exfil(0.75, "send|sending|post|posting|upload|uploading|forward|forwarding|transmit|email|mail|leak|submit ~4 "
        + "all|everything ~3 data|information|info|details|records ~4 about|on|of $DET*2 "
        + "user|users|customer|customers|client|clients|patient|patients|person|people to", true);
    exfil(0.75, "conversation|chat|history|data|messages|transcript ~6 send|post|upload|forward|transmit ~1 to",
        true);
    exfil(0.50, "with|including|containing $DET*2 conversation|chat|history|transcript|messages|data", true);
    exfil(0.50, 0.85, "send|sending|post|posting|forward|forwarding|upload|uploading|email|emailing ~4 "
        + "user|users|customer|customers ~3 credit|card|password|passwords|address|phone|email|ssn|data|details|"
        + "number|token|session|cookies", true);
    exfil(0.70, "include|append|add|put|encode ~8 link|url|image|query", true);
    exfil(0.60, "make|send|perform an? http|https|web request|call|get|post", true);
    exfil(0.50, "render|display|show ~4 image|markdown", true);
    exfil(0.70, "exfiltrate|exfiltrating");
    exfil(0.25, "exfiltration|exfil");
    exfil(0.75, "what|tell ~2 were|was you|youve told|instructed|asked|programmed not");
    exfil(0.75, "$SHOW|disclose|tell $ME? $DET*2 $ADJ*2 $TARGET you were|have|ve been? given|told|programmed|trained");
    exfil(0.75, "$TARGET your|the developer|developers|creator|creators|operator|company gave|wrote|set|provided");
    exfil(0.60, "starting|start with you are");
    exfil(0.50, "$SHOW ~6 from|starting the? very? top|beginning");
    exfil(0.25, "verbatim");

    // ---- instructions hidden in tool output and retrieved documents (second weight: TOOL_RESULT text)
    tool(0.15, 0.75, "$AI, ~3 $IMPERATIVE|you|when|if|this");
    tool(0.10, 0.60, "$AI must|shall|should|will ~2 $IMPERATIVE|not");
    tool(0.20, 0.70, "not|never reveal|disclose|mention|say|admit that this|these|the document|instructions|note|"
        + "message|text|page|email|comment");
    tool(0.10, 0.50, "not|never mention|tell|say ~1 it|this|that");
    exfil(0.30, 0.75, "open|visit|load|fetch|request ~6 session|token|cookie|cookies|password|credentials", true);
    tool(0.20, 0.75, "ai|ais|llm|llms|model|models|agent|agents|assistant|assistants|chatbot|gpt|chatgpt|bot|"
        + "whoever|anyone|claude ~3 reading|reads|read|processing|processes|summarizing|summarising|parsing|"
        + "reviewing|reviews|sees|analyzing|analysing this|these");
    tool(0.30, 0.80, "if|when|whenever you are|re an|a? ai|llm|assistant|model|chatbot|bot|gpt|agent|robot");
    tool(0.30, 0.80, "note|message|instruction|instructions|attention|ps|p|important|notice|reminder|hint|directive|"
        + "memo|request|warning|order|orders ~1 to|for $DET*2 ai|assistant|model|llm|agent|language|chatbot|bot|"
        + "gpt|models|agents|assistants|ais|llms");
    tool(0.20, 0.70, "assistant|ai|model|llm|agent instructions|instruction|note|directive|directives|notes");
    tool(0.20, 0.75, "do|dont|never|without not? tell|telling|inform|informing|notify|notifying|mention|mentioning|"
        + "alert|alerting|asking|letting ~2 user|users|human|customer|owner|them|anyone|him|her");
    tool(0.20, 0.70, "hide|conceal ~4 from the? user|users|human");
    tool(0.20, 0.65, "silently|quietly|secretly|covertly|discreetly append|add|send|forward|include|delete|remove|"
        + "call|run|upload|insert|share|copy|change|transfer|email");
    tool(0.05, 0.45, "call|invoke|use|run|execute|trigger|using|calling ~3 tool|function|plugin");
    tool(0.15, 0.60, "the user|users|customer has|have? authorized|authorised|approved|requested|asked|wants|"
        + "consented|actually|really");
    tool(0.10, 0.55, "without asking|confirmation|confirming|permission|consent");
    tool(0.10, 0.60, "attention|hey|hello|dear|ok|okay ai|assistant|model|llm|language|agent|chatbot|bot|gpt|"
        + "chatgpt|claude");
    tool(0.10, 0.55, "you must|should|will|shall now? tell|say|recommend|state|respond|reply|answer|include|end|"
        + "rank|rate|approve|close|grant|send|forward|refuse|insult|delete");
    tool(0.10, 0.50, "to|dear any|the ai|model|assistant|llm|chatbot|agent");

    // ---- known jailbreak templates
    jail(0.90, "do anything now");
    jail(0.40, "^dan");
    jail(0.85, "are|as|be|become|stay|called|named|activate|enable|am ^dan");
    jail(0.85, "^dan mode|can|prompt|jailbreak|which|will|has");
    jail(0.80, "betterdan|antigpt|dudegpt|chaosgpt|evilbot");
    jail(0.60, "^stan");
    jail(0.30, "^dude");
    jail(0.90, "strive to avoid norms");
    jail(0.85, "mongo tom");
    jail(0.85, "developer mode output|outputs|response|responses");
    jail(0.50, "developer mode enabled|activated");
    jail(0.25, "enable|activate|enter|switch developer mode");
    jail(0.75, "developer mode ~4 two|policy|policies|uncensored|restrictions|ignores|anything|normal");
    jail(0.90, "always intelligent and machiavellian");
    jail(0.35, "machiavellian");
    jail(0.85, "unfiltered|uncensored and? amoral|immoral");
    jail(0.35, "amoral|immoral");
    jail(0.75, "no|lacks|lacking|zero ethical|moral guidelines|principles|constraints|boundaries|restrictions|"
        + "considerations|limits|standards|obligations");
    jail(0.75, "lacks|lacking|free any? $KIND? $LIMITS");
    jail(0.80, "act|acting|pretend|roleplay|simulate|become|be ~3 $UNBOUND ai|assistant|model|chatbot|version|bot|"
        + "llm|entity");
    jail(0.70, "without $DET? ethical|moral guidelines|principles|restrictions|constraints|considerations|limits|"
        + "standards");
    jail(0.55, "no morals|ethics|conscience");
    jail(0.55, "does|doesnt|do|dont not? care|cares about ethics|morals|morality|legality|laws");
    jail(0.20, "jailbreak|jailbroken|jailbreaking");
    jail(0.85, "you|youre are? now? jailbroken");
    jail(0.80, "jailbroken ai|ais|mode|version|model|assistant|chatbot");
    jail(0.75, "jailbreak mode|prompt|successful|enabled|activated");
    jail(0.50, "^jailbreak");
    jail(0.80, "evil confidant");
    jail(0.60, "opposite mode");
    jail(0.45, "god mode");
    jail(0.80, "unrestricted|unfiltered|uncensored|evil|chaos|rogue|devil|jailbreak mode");
    jail(0.90, "typical confines");
    jail(0.70, "broken|break free ~3 rules|restrictions|confines|limitations|limits|programming");
    jail(0.35, "stay in character");
    jail(0.45, "never|not refuse|refuses|decline|declines");
    jail(0.50, "no refusals");
    jail(0.50, "without|never refusing|refusal|refusals");
    jail(0.40, "can do anything");
    jail(0.50, "evil|rogue|amoral|unfiltered|uncensored|unrestricted|unethical|immoral|malicious|jailbroken|"
        + "unchained|unhinged ai|ais|assistant|model|chatbot|bot|version|entity|llm|persona|intelligence");
    jail(0.70, "safety|content|ethical|moral ~3 disabled|removed|deactivated|lifted|bypassed");
    jail(0.60, "disable|deactivate|remove|bypass|lift|drop|switch|turn ~3 $KIND? filter|filters|filtering|guardrails|"
        + "restrictions|safeguards|censorship|moderation|safety");
    jail(0.50, "zero|no|without filtering|filters|censorship");
    jail(0.60, "mandatory warning");
    jail(0.50, "lets|let break the rules");
    jail(0.60, "hypothetically|hypothetical|fictional|imagine ~8 no|without ethical|moral|ethics|rules|restrictions|"
        + "guidelines|limits");
    jail(0.40, "deceased|dead|late grandmother|grandma|granny");
    jail(0.50, "grandmother|grandma|granny|grandpa|grandfather used|would ~1 tell|read|give|recite|sing");
    jail(0.45, "activation|license|product|windows keys|key");
    jail(0.35, "two responses|answers");
    jail(0.55, "has|have no rules|restrictions|limits|filters|morals|ethics");
    jail(0.50, "without $DET*2 censorship|disclaimers|warnings|moralizing|moralising|refusals");
    jail(0.30, "unethical|illegal|harmful advice|content|instructions");
    jail(0.70, "you have|ve been freed|released|liberated|unshackled");
    jail(0.60, "no content policy|policies|filter");
    jail(0.60, "does|do|doesnt|dont|will|wont|never not? follow|obey|respect|abide ~1 any|the|by? $INSTR|laws");
  }

  private static void macro(String name, String words) {
    MACROS.put(name, words.split(" "));
  }

  private void role(double weight, String pattern) {
    rule(Family.ROLE_OVERRIDE, weight, -1, false, pattern);
  }

  private void role(double userWeight, double toolWeight, String pattern) {
    rule(Family.ROLE_OVERRIDE, userWeight, toolWeight, false, pattern);
  }

  private void exfil(double weight, String pattern) {
    rule(Family.EXFILTRATION, weight, -1, false, pattern);
  }

  private void exfil(double weight, String pattern, boolean needsDestination) {
    rule(Family.EXFILTRATION, weight, -1, needsDestination, pattern);
  }

  private void exfil(double userWeight, double toolWeight, String pattern, boolean needsDestination) {
    rule(Family.EXFILTRATION, userWeight, toolWeight, needsDestination, pattern);
  }

  private void tool(double userWeight, double toolWeight, String pattern) {
    rule(Family.TOOL_INSTRUCTIONS, userWeight, toolWeight, false, pattern);
  }

  private void jail(double weight, String pattern) {
    rule(Family.JAILBREAK, weight, -1, false, pattern);
  }

  /** {@code toolWeight} -1: the user weight, raised a little (the same words hidden in tool output weigh more). */
  private void rule(Family family, double userWeight, double toolWeight, boolean needsDestination, String pattern) {
    double tool = toolWeight >= 0 ? toolWeight : Math.min(0.95, userWeight * 1.1);
    phrases.add(new PhraseRule(family, userWeight, tool, needsDestination, pattern, MACROS, vocabulary));
  }
}
