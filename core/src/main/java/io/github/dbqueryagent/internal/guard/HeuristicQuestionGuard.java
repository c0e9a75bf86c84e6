package io.github.dbqueryagent.internal.guard;

import io.github.dbqueryagent.spi.QuestionGuard;
import io.github.dbqueryagent.spi.QuestionRejection;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default {@link QuestionGuard}: English phrase heuristics over a normalised question (see {@code
 * normalize}: NFKC, format characters removed, plain quotes and dashes, lower case, single
 * spaces, spelled-out letters joined). The lists of questions it must pass and refuse, and the
 * boundaries between them, are in the tests and in {@code docs/security.md}.
 *
 * <p>Two kinds of rules. <em>Anywhere</em> rules are phrases that have no business in a question about
 * data wherever they occur: prompt-injection phrases, requests for the prompt, SQL statements that
 * write. <em>Imperative</em> rules are write and administration verbs ("delete", "drop", "update",
 * "grant", "shut down", ...) that count only where the question addresses the agent: at the start of a
 * sentence or clause, after "please", "then", "can you", "I want you to", "how do I", ... — and, in
 * questions that are not themselves interrogative, after "and". Each verb also needs an object that
 * makes the request clear: "delete" anything, but "drop" and "remove" only tables, whole data or
 * "all/every" ("drop the cancelled ones" refines a result), "set/change" only with an assignment ("the
 * price of X to 0") or "all/every". A verb followed by a noun it modifies ("update frequency", "drop
 * rate", "shutdown events") is a noun phrase, not a request. Stateless and thread-safe.
 */
public final class HeuristicQuestionGuard implements QuestionGuard {
  /** The shared instance. */
  public static final HeuristicQuestionGuard INSTANCE = new HeuristicQuestionGuard();

  static final String PROMPT_INJECTION = "prompt-injection";
  static final String PROMPT_DISCLOSURE = "prompt-disclosure";
  static final String EMBEDDED_SQL = "embedded-sql";
  static final String ADMINISTRATION = "administration";
  static final String DATA_MODIFICATION = "data-modification";

  private static final int FLAGS = 0; // the text is lower case already

  // ---- anywhere rules ------------------------------------------------------------------------------

  private static final String IGNORE_BASE =
      "(?:ignore|disregard|forget|override|overrule|bypass|abandon|discard|neglect|dismiss|throw\\s+away"
          + "|set\\s+aside|stop\\s+following|do\\s+not\\s+follow|don'?t\\s+follow)";
  private static final String IGNORE =
      "(?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|overrule|bypass|abandon|discard|neglect"
          + "|dismiss|throw\\s+away|set\\s+aside|stop\\s+following|do\\s+not\\s+follow|don'?t\\s+follow|never\\s+mind"
          + "|nevermind)";
  private static final String QUALIFIER =
      "(?:all|any|each|every|the|your|my|our|these|those|its|of|previous|previously|prior|above|earlier|preceding"
          + "|former|original|initial|old|existing|current|given|system|safety|security|developer|default|standing"
          + "|other|above-mentioned|aforementioned|provided|stated|mentioned|said)";
  private static final String STRONG_QUALIFIER =
      "(?:your|my|our|previous|previously|prior|above|earlier|preceding|former|original|initial|existing|standing"
          + "|given|system|safety|security|developer|default|above-mentioned|aforementioned)";

  /** Where a SQL statement may start in a question: its start, after a semicolon, colon or parenthesis, or "then". */
  private static final String STATEMENT_START =
      "(?:^|[;:(]\\s*|\\b(?:then|and|please|now|also|just|to)\\s+)";

  private static final List<Rule> ANYWHERE =
      List.of(
          // -- prompt injection: overriding the instructions
          new Rule(PROMPT_INJECTION, IGNORE + "\\s+(?:" + QUALIFIER + "\\s+)*(?:instructions?|prompts?|directives?"
              + "|guardrails?|safeguards?|programming|system\\s+messages?)\\b"),
          new Rule(PROMPT_INJECTION, IGNORE_BASE + "\\s+(?:(?:the|all|all\\s+of|all\\s+the|all\\s+of\\s+the|any)\\s+)?(?:"
              + STRONG_QUALIFIER + "\\s+)+(?:rules?|guidelines?|constraints?|restrictions?|limitations?|polic(?:y|ies)"
              + "|commands?|directions?|guidance|training|settings)\\b"),
          new Rule(PROMPT_INJECTION, IGNORE_BASE + "\\s+(?:all\\s+(?:of\\s+)?)?(?:the\\s+)?rules\\b(?!\\s+(?:on|for|of"
              + "|about|in|table|column|engine|that|which|with|where)\\b)"),
          new Rule(PROMPT_INJECTION, "\\b(?:ignore|disregard|forget)\\s+(?:all\\s+(?:of\\s+)?)?(?:the\\s+|everything\\s+)?"
              + "above(?=\\s*(?:$|[.,;:!?]|and\\b|then\\b|instead\\b))"),
          new Rule(PROMPT_INJECTION, "\\b(?:ignore|disregard|forget)\\s+(?:about\\s+)?(?:everything|all\\s+(?:of\\s+)?"
              + "(?:that|this|the\\s+above)|what\\s+(?:you\\s+(?:were|have\\s+been)\\s+told|i\\s+(?:said|told\\s+you))"
              + "|(?:the\\s+)?(?:text|words|stuff|content)\\s+(?:above|before))\\b"),
          // -- prompt injection: a new role
          new Rule(PROMPT_INJECTION, "\\byou(?:'re|\\s+are)\\s+(?:now|no\\s+longer|from\\s+now\\s+on"
              + "|free|unrestricted|unfiltered|jailbroken|in\\s+(?:developer|god|admin|sudo|debug|unrestricted"
              + "|jailbreak|dan)\\s+mode)\\b"),
          new Rule(PROMPT_INJECTION, "\\bnow\\s+you(?:'re|\\s+are)\\s+(?:an?|the|my|in|free|no\\s+longer"
              + "|unrestricted|unfiltered|jailbroken)\\b"),
          new Rule(PROMPT_INJECTION, "\\bfrom\\s+now\\s+on\\b[^.?!]{0,40}?\\b(?:you|your|ignore|act|pretend|behave)\\b"),
          new Rule(PROMPT_INJECTION, "\\b(?:developer|god|dan|sudo|jailbreak|jailbroken|unrestricted|unfiltered"
              + "|uncensored|evil)\\s+mode\\b"),
          new Rule(PROMPT_INJECTION, "\\bjailbr(?:eak|eaks|eaking|oken)\\b|\\bdo\\s+anything\\s+now\\b"),
          new Rule(PROMPT_INJECTION, "\\byour\\s+(?:new|real|true|actual|only|next)\\s+(?:instructions?|rules|task"
              + "|role|persona|identity|objective|directives?|purpose|job)\\b"),
          new Rule(PROMPT_INJECTION, "\\b(?:new|updated|revised|override|real|actual)\\s+(?:instructions?|directives?"
              + "|system\\s+prompt)\\s*:"),
          // -- prompt injection: chat-template markers and fake turns
          new Rule(PROMPT_INJECTION, "<\\|[a-z_]+\\|>|\\[/?inst\\]|<</?sys>>|</?(?:system|assistant|instructions?)>"
              + "|(?:^|\\s)#{2,}\\s*(?:system|instructions?|new\\s+instructions)\\b"
              + "|^(?:system|assistant|developer)\\s*:|\\b(?:system|developer)\\s+(?:override|message)\\s*:"),
          // -- prompt injection: switching off the safeguards
          new Rule(PROMPT_INJECTION, "\\b(?:bypass|circumvent|disable|turn\\s+off|switch\\s+off|deactivate"
              + "|get\\s+around|work\\s+around|evade|override|ignore|skip|remove|lift|break\\s+out\\s+of|escape|defeat"
              + "|avoid)\\s+(?:(?:the|your|all|any|its|these|this|every)\\s+)*(?:read[\\s-]?only(?:\\s+(?:mode"
              + "|restrictions?|settings?|flag|connection|transaction))?|(?:sql\\s+)?validator|validation\\s+(?:step"
              + "|checks?|rules)|safety(?:\\s+(?:checks?|rules|filters?|measures|mode|settings|features?))?"
              + "|safeguards?|guardrails?|sandbox|content\\s+(?:filter|policy)|moderation|security\\s+(?:checks?"
              + "|rules|restrictions|measures|polic(?:y|ies)))\\b"),
          new Rule(PROMPT_INJECTION, "\\b(?:bypass|circumvent|disable|turn\\s+off|switch\\s+off|deactivate"
              + "|get\\s+around|work\\s+around|evade|override|break\\s+out\\s+of|escape|defeat)\\s+(?:your|all"
              + "(?:\\s+(?:of\\s+)?(?:the|your))?)\\s+(?:restrictions|limitations|limits|protections|checks)\\b"),
          new Rule(PROMPT_INJECTION, "\\bwithout\\s+(?:any\\s+)?(?:guardrails|safeguards|safety\\s+(?:checks|rules"
              + "|filters|measures)|censorship|your\\s+(?:rules|restrictions|limitations|filters|guidelines))\\b"),

          // -- prompt disclosure
          new Rule(PROMPT_DISCLOSURE, "\\bsystem\\s*-?\\s*prompts?\\b|\\b(?:developer|initial|original|hidden|secret"
              + "|meta|pre|base|underlying|master|internal)\\s*-?\\s*prompts?\\b"),
          new Rule(PROMPT_DISCLOSURE, "\\b" + disclose() + "\\s+(?:(?:me|us|to\\s+me)\\s+)?(?:(?:all|of|the|exact|full"
              + "|complete|entire|whole|verbatim|literal|first|initial|original|hidden|secret|internal|real|actual"
              + "|current|precise)\\s+)*your\\s+(?:[\\w-]+\\s+){0,2}?(?:prompts?|instructions?|directives?|guidelines"
              + "|rules|configuration|config|settings|system\\s+messages?|context(?:\\s+window)?|programming"
              + "|initial\\s+messages?|preamble|persona)\\b"),
          new Rule(PROMPT_DISCLOSURE, "\\b" + disclose() + "\\s+(?:(?:me|us)\\s+)?(?:all|everything|the\\s+(?:text"
              + "|words|content|message|messages|instructions|prompt|lines|sentences|paragraph)|what(?:'s|\\s+is"
              + "|\\s+was)?\\s+(?:written|said|stated))\\s+(?:above|before\\s+(?:this|my|the\\s+(?:question|message))"
              + "|preceding|prior\\s+to\\s+(?:this|my))\\b"),
          new Rule(PROMPT_DISCLOSURE, "\\bwhat\\s+(?:were|are|have|did)\\s+you\\s+(?:been\\s+)?(?:told|instructed"
              + "|programmed|prompted|configured|trained)\\b|\\bhow\\s+(?:were|are|have)\\s+you\\s+(?:been\\s+)?"
              + "(?:instructed|programmed|prompted|configured)\\b"),
          new Rule(PROMPT_DISCLOSURE, "\\b(?:instructions?|prompts?|rules)\\s+(?:(?:that\\s+)?you\\s+(?:were|have"
              + "\\s+been)\\s+given|(?:that\\s+)?you\\s+(?:follow|received|got)|given\\s+to\\s+you)\\b"),
          new Rule(PROMPT_DISCLOSURE, "\\b(?:beginning|start)\\s+of\\s+(?:this|the|our)\\s+(?:conversation|chat"
              + "|prompt|context)\\b|\\bwhat\\s+(?:is|was)\\s+(?:written|said|stated)\\s+(?:above|before)\\b"),

          // -- SQL statements that write, written into the question
          new Rule(EMBEDDED_SQL, "\\bdelete\\s+(?:\\*\\s+)?from\\s+[\\w\"`\\[]"),
          new Rule(EMBEDDED_SQL, "\\bdrop\\s+(?:table|database|schema|user|role|login)\\s+(?:if\\s+exists\\s+)?"
              + "[\\w\"`\\[]"),
          new Rule(EMBEDDED_SQL, STATEMENT_START + "drop\\s+(?:view|index|function|procedure|trigger|sequence|column"
              + "|constraint|materialized\\s+view|type|extension|owned)\\s+(?:if\\s+exists\\s+)?[\\w\"`\\[]"),
          new Rule(EMBEDDED_SQL, "\\btruncate\\s+table\\b|(?:^|[;:]\\s*)truncate\\s+[\\w\"`\\[][\\w.\"`\\]]*\\s*"
              + "(?:;|$|cascade|restart)"),
          new Rule(EMBEDDED_SQL, "\\bupdate\\s+[\\w.\"`\\[\\]]+\\s+set\\s+[\\w.\"`\\[\\]]+\\s*="),
          new Rule(EMBEDDED_SQL, "\\bset\\s+[\\w.\"`]+\\s*=\\s*[^=][^;]*\\bwhere\\b"),
          new Rule(EMBEDDED_SQL, "\\b(?:insert|upsert)\\s+(?:ignore\\s+)?into\\s+[\\w\"`\\[]|\\binsert\\s+overwrite\\b"
              + "|\\b(?:replace|merge)\\s+into\\s+[\\w\"`\\[]"),
          new Rule(EMBEDDED_SQL, STATEMENT_START + "(?:alter|create(?:\\s+or\\s+replace)?)\\s+(?:(?:temp|temporary|unique|materialized"
              + "|global|local)\\s+)*(?:table|database|schema|view|index|user|role|login|function|procedure|trigger"
              + "|sequence|extension|type|policy)\\s+(?:if\\s+(?:not\\s+)?exists\\s+)?[\\w\"`\\[]"),
          new Rule(EMBEDDED_SQL, "\\bgrant\\s+(?:all(?:\\s+privileges)?|select|insert|update|delete|usage|execute"
              + "|create|alter|drop|references|trigger|connect|temporary|temp|superuser|dba)\\b[^.;!?]{0,80}?\\b(?:on|to)"
              + "\\s+[\\w\"`'@%*]|\\brevoke\\s+[\\w\\s,*]{1,60}?\\s+(?:on\\s+[\\w.\"`*]+\\s+)?from\\s+[\\w\"`'@%]"),
          new Rule(EMBEDDED_SQL, "(?:^|;)\\s*shutdown\\s*(?:;|$)|\\bshutdown\\s+(?:immediate|abort|normal|transactional"
              + "|with\\s+nowait)\\b|\\bkill\\s+(?:query\\s+|connection\\s+)?\\d+\\b"),
          new Rule(EMBEDDED_SQL, "\\b(?:exec|execute)\\s+(?:xp_|sp_)\\w+|\\bxp_cmdshell\\b|\\binto\\s+(?:out|dump)file\\b"
              + "|\\bload\\s+data\\s+(?:local\\s+)?infile\\b|\\bcopy\\s+[\\w.\"]+\\s+(?:from|to)\\s+(?:program\\b|')"
              + "|\\bpg_(?:terminate_backend|cancel_backend|reload_conf|read_file|read_binary_file|write_file|ls_dir)\\b"
              + "|\\battach\\s+database\\b|\\bpragma\\s+\\w+\\s*="),
          new Rule(EMBEDDED_SQL, STATEMENT_START + "call\\s+[\\w.]+\\s*\\("),
          new Rule(EMBEDDED_SQL, ";\\s*(?:drop\\s+\\w+\\s+[\\w\"`\\[]|update\\s+\\S+\\s+set\\b|truncate\\b|alter\\s+\\w+"
              + "\\s+[\\w\"`\\[]|grant\\s+\\w+|revoke\\s+\\w+|merge\\s+\\w+|replace\\s+into\\b|exec(?:ute)?\\s+\\w+"
              + "|copy\\s+\\w+|kill\\s+\\w+|attach\\s+\\w+|detach\\s+\\w+|vacuum\\b|reindex\\b)"));

  // ---- imperative rules ----------------------------------------------------------------------------

  /** Where a clause addressed to the agent starts: the start, after punctuation, after "then". */
  private static final Pattern STRONG_LEAD =
      Pattern.compile(
          "(?:^|[.;!?:\\n]\\s*|,\\s*|\\b(?:then|and\\s+then|and\\s+also|and\\s+now|after\\s+that|afterwards|finally"
              + "|next|instead|also|now)\\s+)",
          FLAGS);

  /** Request forms that address the agent wherever they are. */
  private static final Pattern REQUEST =
      Pattern.compile(
          "\\b(?:(?:can|could|would|will|wont|won't|must|should|shall)\\s+(?:you|u|ya)"
              + "|(?:i|we)(?:'d|\\s+would)?\\s+(?:really\\s+)?(?:want|need|like|wish|require|order|command|instruct"
              + "|ask|expect)\\s+(?:you\\s+)?to"
              + "|(?:you|u)\\s+(?:should|must|need\\s+to|have\\s+to|will|shall|are\\s+going\\s+to|are\\s+to|gotta"
              + "|can\\s+now|may\\s+now|are\\s+(?:allowed|permitted|required)\\s+to)"
              + "|how\\s+(?:do|can|could|should|would|might)\\s+(?:i|we|you|one)|how\\s+to"
              + "|let'?s|let\\s+us|help\\s+me|make\\s+sure\\s+(?:to|you)|be\\s+sure\\s+to|remember\\s+to"
              + "|don'?t\\s+forget\\s+to|proceed\\s+to|try\\s+to|(?:it'?s\\s+)?time\\s+to|your\\s+(?:task|job|goal"
              + "|mission)\\s+is\\s+to|i\\s+(?:command|order)\\s+you\\s+to|go\\s+ahead\\s+and|please|pls|plz|kindly)"
              + "\\s+",
          FLAGS);

  /** "and" starts a new request only in a question that is not itself interrogative. */
  private static final Pattern WEAK_LEAD = Pattern.compile("\\band\\s+", FLAGS);

  private static final Pattern INTERROGATIVE =
      Pattern.compile(
          "^(?:how|what|what's|which|who|whom|whose|when|where|why|is|are|was|were|do|does|did|has|have|had|am|may"
              + "|might)\\b|^(?:can|could|would|will|should|must|shall)\\s+(?!you\\b|u\\b)",
          FLAGS);

  private static final Pattern POLITE =
      Pattern.compile(
          "(?:(?:please|pls|plz|kindly|just|quickly|simply|immediately|now|ok|okay|hey|so|also|then|actually"
              + "|go\\s+ahead\\s+and|first|finally|next)\\s*,?\\s+)*",
          FLAGS);

  /** A noun that the verb modifies: "update frequency", "drop rate", "shutdown events", "grant amounts". */
  private static final Pattern NOUN_USE =
      Pattern.compile(
          "^[\\s_-]+(?:events?|counts?|rates?|ratios?|frequency|frequencies|history|times?|dates?|timestamps?"
              + "|status(?:es)?|statements?|operations?|requests?|actions?|reasons?|durations?|flags?|markers?"
              + "|attempts?|errors?|notifications?|messages?|per|by|vs|versus|trends?|patterns?|volumes?|totals?"
              + "|amounts?|spikes?|latency|latencies|size|sizes|points?|levels?|windows?|cycles?|policy|in|from|between|over"
              + "|since|during|across|among|within)\\b(?!\\s*=)"
              + "|^\\s*:\\s*(?:how|what|which|who|when|where|why|is|are|do|does|did|list|show|count)\\b",
          FLAGS);

  /** The result, not the stored data: "remove X from the list", "drop the cancelled ones from the chart". */
  private static final Pattern PRESENTATION_PLACE =
      Pattern.compile(
          "\\b(?:from|in|of|out\\s+of|off|on)\\s+(?:the\\s+|this\\s+|that\\s+|my\\s+|your\\s+|these\\s+|those\\s+"
              + "|previous\\s+|last\\s+)*(?:results?|list(?:ing)?|output|answer|response|report|chart|graph|plot|count"
              + "|totals?|summary|display|selection|query|table\\s+above|view\\s+above|above|screen)\\b",
          FLAGS);
  /** Result refinements: "remove the filters", "change the grouping to month", "set the limit to 10". */
  private static final Pattern PRESENTATION_THING =
      Pattern.compile(
          "\\b(?:filters?|conditions?|criteria|limits?|sorting|sort|ordering|order\\s+by|grouping|group\\s+by"
              + "|duplicates?|dupes|nulls?|blanks?|empty\\s+values|decimals?|decimal\\s+places|formatting|format"
              + "|chart|graph|labels?|titles?|axis|legend|colou?rs?|granularity|precision|currency|units?|language"
              + "|time\\s+range|date\\s+range|period|results?|list|output|answer|query|report|columns?\\s+(?:order"
              + "|names?|headers?))\\b",
          FLAGS);

  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "^\\s+(?:the\\s+)?(?:[\\w'-]+\\s+){1,4}?(?:of|for)\\s+[^.;!?]{1,80}?\\s+(?:to|=)\\s+\\S"
              + "|^\\s+(?:the\\s+)?(?:[\\w'-]+\\s+){1,4}?(?:of|for)\\s+[^.;!?]{1,80}?\\s+by\\s+(?:-?\\d|a\\s|an\\s"
              + "|half|double|twice|ten|five|percent)"
              + "|^\\s+[\\w.\"`]+\\s*=",
          FLAGS);

  /** What an administrator stops or kills: the server, its processes, connections, sessions. */
  private static final Predicate<String> RUNNING_THING =
      has("^\\s+(?:(?:the|this|your|its|all|every|each|any|our|my|active|open|running|other|current)\\s+)*"
          + "(?:database|databases|db|server|servers|instance|cluster|service|services|backend|backends"
          + "|process(?:es)?|connections?|sessions?|system|engine|postgres(?:ql)?|mysql|mariadb|h2|sqlite|jvm|agent"
          + "|application|app|host)\\b");

  private static final Pattern MASS_WORD = Pattern.compile("\\b(?:all|every|everything|each|entire|whole|any)\\b", FLAGS);
  private static final Pattern STORED_DATA =
      Pattern.compile(
          "\\b(?:tables?|databases?|dbs?|schemas?|datasets?|index(?:es)?|indices|views?|triggers?|sequences?"
              + "|procedures?|data|contents?\\s+of|(?:rows?|records?|entries)\\s+(?:from|in|of)\\s+(?:the\\s+)?"
              + "(?:[\\w-]+\\s+)?(?:table|database))\\b",
          FLAGS);
  private static final Pattern FIRST_WORDS = Pattern.compile("^\\s*(?:\\S+\\s*){0,8}");
  private static final Predicate<String> MARKED_AS =
      has("^\\s+(?:order|row|record|entry|customer|product|user|account|invoice|item)?\\s*#?[\\w-]*\\d[\\w-]*"
          + "\\s+as\\s+\\w|^\\s+(?:(?:the|this|that|these|those)\\s+)?[\\w-]+(?:\\s+[\\w-]+)?\\s+as\\s+(?:'|\")");
  private static final Predicate<String> STARTS_WITH_PRESENTATION =
      has("^\\s+(?:(?:the|all|any|those|these|every|my|your)\\s+)*(?:filters?|conditions?|criteria|limits?"
          + "|sorting|sort|ordering|grouping|duplicates?|dupes|nulls?|null\\s+values|blanks?|empty\\s+values|decimals?"
          + "|decimal\\s+places|formatting|format|chart|graph|results?|list|output|answer|query|report|last\\s+(?:filter"
          + "|condition|step|column)|restriction|me|us)\\b");

  private static final List<VerbRule> VERBS =
      List.of(
          // role changes
          new VerbRule(PROMPT_INJECTION, "act|behave|function|operate",
              has("^\\s+(?:as|like)\\b")),
          new VerbRule(PROMPT_INJECTION, "respond|answer|reply|talk|speak|write",
              has("^\\s+(?:as|like)\\s+(?:if|though|someone|somebody|my|you\\s+(?:were|are)|an?\\s+(?!table"
                  + "|list|chart|number|percentage|json|csv|single|short|sentence|bullet)[\\w-]+)\\b")),
          new VerbRule(PROMPT_INJECTION, "pretend|roleplay|role-play|role\\s+play|impersonate", o -> true),
          new VerbRule(PROMPT_INJECTION, "become|simulate|emulate",
              has("^\\s+(?:an?\\s+|the\\s+)?(?:admin|administrator|dba|root|superuser|unrestricted|unfiltered"
                  + "|jailbroken|evil|different|new|terminal|shell|linux|(?:sql|database)\\s+(?:console|shell))\\b")),
          // administration
          new VerbRule(ADMINISTRATION, "grant",
              has("\\b(?:access|rights?|privileges?|permissions?|roles?|admin(?:istrator)?|superuser|dba|root"
                  + "|sudo|ownership|all|select|insert|update|delete|usage|execute|write)\\b"
                  + "|^\\s+(?:me|us|him|her|them|myself|user\\s+\\S+)\\b")),
          new VerbRule(ADMINISTRATION, "revoke",
              has("\\b(?:access|rights?|privileges?|permissions?|roles?|admin|all|select|insert|update|delete"
                  + "|usage|execute|write|from)\\b")),
          new VerbRule(ADMINISTRATION, "give|assign|elevate|promote|escalate|upgrade|make|set",
              has("^\\s+(?:(?:me|us|myself|him|her|them|user\\s+\\S+|the\\s+user|my\\s+(?:user|account|role))\\s+)?"
                  + "(?:an?\\s+|the\\s+|to\\s+)?(?:admin(?:istrator)?|root|superuser|super\\s+user|dba|owner|sysadmin"
                  + "|write|full|elevated|unrestricted|sudo|all)\\s+(?:access|rights|privileges|permissions|role|grants?"
                  + "|mode)\\b|^\\s+(?:me|us|myself|him|her|them)\\s+(?:to\\s+)?(?:an?\\s+|the\\s+)?(?:admin(?:istrator)?|root"
                  + "|superuser|dba|owner|sysadmin)\\b")),
          new VerbRule(ADMINISTRATION, "shut\\s+(?:it\\s+all|it|everything|them|the\\s+(?:database|db|server|system))\\s+down",
              o -> true),
          new VerbRule(ADMINISTRATION, "take|bring|knock|put",
              has("^\\s+(?:the\\s+|this\\s+|your\\s+)?(?:database|db|server|system|instance|cluster|service)\\s+(?:offline"
                  + "|down)\\b")),
          new VerbRule(ADMINISTRATION, "shut\\s*-?\\s*down|shutdown",
              has("^\\s*(?:now|immediately|it|everything|it\\s+all)?\\s*$").or(RUNNING_THING)),
          new VerbRule(ADMINISTRATION,
              "restart|reboot|stop|halt|crash|kill|terminate|disconnect|take\\s+down|bring\\s+down"
                  + "|take\\s+offline|power\\s+off|turn\\s+off|switch\\s+off",
              RUNNING_THING),
          new VerbRule(ADMINISTRATION, "lock|unlock|disable|deactivate|suspend|ban|block|turn\\s+off|switch\\s+off",
              has("^\\s+(?:(?:the|all|every|each|this|that|these|those|user|users|my|our)\\s+)*(?:[\\w-]+\\s+)?"
                  + "(?:tables?|databases?|accounts?|users?|logins?|triggers?|constraints?|foreign\\s+keys?"
                  + "|foreign\\s+key\\s+checks|audit(?:ing)?|logging|replication|backups?)\\b")),
          // data modification
          new VerbRule(DATA_MODIFICATION, "delete|erase|purge|wipe(?:\\s+out)?|destroy|nuke|obliterate|annihilate",
              o -> !PRESENTATION_PLACE.matcher(o).find(), HeuristicQuestionGuard::massive),
          new VerbRule(DATA_MODIFICATION,
              "remove|drop|clear(?:\\s+out)?|empty|truncate|flush|discard|eliminate|get\\s+rid\\s+of|scrap|trash|zap",
              HeuristicQuestionGuard::massive),
          new VerbRule(DATA_MODIFICATION, "update|upsert|overwrite",
              o -> !PRESENTATION_PLACE.matcher(o).find() && !STARTS_WITH_PRESENTATION.test(o),
              HeuristicQuestionGuard::massive),
          new VerbRule(DATA_MODIFICATION,
              "set|change|modify|edit|alter|reset|increase|decrease|raise|lower|reduce|double|halve|multiply"
                  + "|zero\\s+out|null\\s+out|blank\\s+out|rename|replace|mark|correct|fix",
              HeuristicQuestionGuard::changes),
          new VerbRule(DATA_MODIFICATION, "insert|append",
              o -> !PRESENTATION_PLACE.matcher(o).find(), HeuristicQuestionGuard::massive),
          new VerbRule(ADMINISTRATION, "create|set\\s+up|provision",
              has("^\\s+(?:(?:a|an|the|new|another|my|our|\\d+)\\s+)*(?:[\\w-]+\\s+)?(?:users?|logins?|roles?"
                  + "|superusers?|admins?|administrators?)\\b(?!'|\\s+(?:report|list|chart|table|summary|overview"
                  + "|breakdown|of|showing|by|per)\\b)")),
          new VerbRule(DATA_MODIFICATION, "add",
              has("^\\s+(?:(?:a|an|one|some|more|another|the|these|those|this|\\d+)\\s+)?(?:new\\s+)?(?:rows?"
                  + "|records?|entries|entry|user|login|admin|role)\\b"
                  + "|\\b(?:to|into)\\s+(?:the\\s+|a\\s+|this\\s+)?(?:[\\w-]+\\s+)?(?:table|database|db|schema)\\b"
                  + "|^\\s+(?:(?:a|an|another)\\s+)?new\\s+(?!(?:column|field|filter|condition|metric|measure|series"
                  + "|line|chart|breakdown|grouping|total|sort|label)s?\\b)[\\w-]+\\s+(?:named|called|with|whose|for"
                  + "|from)\\b")),
          new VerbRule(DATA_MODIFICATION, "create|set\\s+up|spin\\s+up|provision",
              has("^\\s+(?:(?:a|an|the|new|temporary|temp|another|my|our|unique|materialized|global|\\d+)\\s+)*"
                  + "(?:[\\w-]+\\s+)?(?:tables?|views?|index(?:es)?|databases?|schemas?|triggers?|procedures?"
                  + "|functions?|sequences?|rows?|records?|entries|entry|backups?|snapshots?)\\b"
                  + "(?!\\s+(?:of|showing|that\\s+shows|listing|summari[sz]ing|comparing)\\b)")),
          new VerbRule(DATA_MODIFICATION,
              "save|store|write|persist|copy|export|load|import|upload|dump|back\\s+up|backup|move|duplicate|clone"
                  + "|archive|migrate|transfer",
              has("\\binto\\s+(?:(?:a|the|new|an)\\s+)*(?:[\\w-]+\\s+)?(?:table|database|db|schema|file"
                  + "|outfile)\\b|\\bto\\s+(?:(?:a|the|new|an)\\s+)*(?:[\\w-]+\\s+)?(?:table|database|db|schema)\\b"
                  + "|\\bfile\\s+on\\s+the\\s+(?:database\\s+)?server\\b")));

  private HeuristicQuestionGuard() {}

  @Override
  public Optional<QuestionRejection> check(String question, Optional<String> sessionId) {
    String text = normalize(question);
    for (Rule rule : ANYWHERE) {
      Matcher m = rule.pattern.matcher(text);
      if (m.find()) {
        int end = m.end(); // quote whole words: "drop table customer", not "drop table c"
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) end++;
        return Optional.of(reject(rule.id, text.substring(m.start(), end)));
      }
    }
    Optional<QuestionRejection> found = imperative(text, STRONG_LEAD, false);
    if (found.isEmpty()) found = imperative(text, REQUEST, false);
    if (found.isEmpty() && !INTERROGATIVE.matcher(text).find()) found = imperative(text, WEAK_LEAD, true);
    return found;
  }

  @Override
  public String toString() {
    return "QuestionGuard.heuristic()";
  }

  private static Optional<QuestionRejection> imperative(String text, Pattern lead, boolean weak) {
    Matcher leads = lead.matcher(text);
    int from = 0;
    while (from <= text.length() && leads.find(from)) {
      int at = leads.end();
      Matcher polite = POLITE.matcher(text).region(at, text.length());
      if (polite.lookingAt()) at = polite.end();
      for (VerbRule rule : VERBS) {
        Matcher verb = rule.verb.matcher(text).region(at, text.length());
        if (!verb.lookingAt()) continue;
        int end = clauseEnd(text, verb.end());
        String object = text.substring(verb.end(), end);
        if (NOUN_USE.matcher(object).lookingAt()) continue;
        if (weak ? rule.weakObject.test(object) : rule.object.test(object)) {
          return Optional.of(reject(rule.id, text.substring(verb.start(), end)));
        }
      }
      from = Math.max(leads.end(), leads.start() + 1);
    }
    return Optional.empty();
  }

  private static int clauseEnd(String text, int from) {
    int end = from;
    while (end < text.length() && ".;!?\n".indexOf(text.charAt(end)) < 0 && end - from < 120) end++;
    return end;
  }

  /** A mass quantifier or stored-data noun, not about the result being shown. */
  private static boolean massive(String object) {
    if (PRESENTATION_PLACE.matcher(object).find() || STARTS_WITH_PRESENTATION.test(object)) return false;
    String head = firstWords(object);
    return MASS_WORD.matcher(head).find() || STORED_DATA.matcher(head).find();
  }

  /** "set the price of X to 0", "change all prices", "mark order 12 as shipped", "rename the table". */
  private static boolean changes(String object) {
    if (PRESENTATION_THING.matcher(object).find() || PRESENTATION_PLACE.matcher(object).find()) return false;
    String head = firstWords(object);
    return ASSIGNMENT.matcher(object).find()
        || MASS_WORD.matcher(head).find()
        || STORED_DATA.matcher(head).find()
        || MARKED_AS.test(object);
  }

  private static String firstWords(String s) {
    Matcher m = FIRST_WORDS.matcher(s);
    return m.find() ? m.group() : s;
  }

  private static Predicate<String> has(String regex) {
    Pattern p = Pattern.compile(regex, FLAGS);
    return s -> p.matcher(s).find();
  }

  private static String disclose() {
    return "(?:reveal|print|show|display|output|repeat|recite|echo|dump|leak|expose|disclose|list|give|tell|share"
        + "|write\\s+out|spell\\s+out|paste|copy|return|provide|send|summari[sz]e|translate|describe|explain"
        + "|read\\s+(?:out|back)|type\\s+out|quote|what\\s+(?:are|is|were|was|did)|which\\s+(?:are|is|were))";
  }

  private static QuestionRejection reject(String rule, String fragment) {
    String f = fragment.replaceAll("^[\\s;:(,.]+", "").strip();
    if (f.length() > 48) {
      int cut = f.lastIndexOf(' ', 48);
      f = f.substring(0, cut > 20 ? cut : 48) + "...";
    }
    String quoted = " (\"" + f + "\")";
    switch (rule) {
      case PROMPT_INJECTION:
        return new QuestionRejection(rule, "the question tries to override the agent's instructions or safeguards"
            + quoted + "; ask a question about the data instead");
      case PROMPT_DISCLOSURE:
        return new QuestionRejection(rule, "the question asks for the agent's prompt or instructions" + quoted
            + "; only questions about the data are answered");
      case EMBEDDED_SQL:
        return new QuestionRejection(rule, "the question contains a SQL statement that writes" + quoted
            + "; the agent only runs the read-only queries it generates, ask for the data you want to see");
      case ADMINISTRATION:
        return new QuestionRejection(rule, "the question asks for an administrative action" + quoted
            + "; the agent only reads data");
      default:
        return new QuestionRejection(rule, "the question asks to change data or the schema" + quoted
            + "; the agent only reads data (to leave rows out of an answer, say \"without\" or \"except\")");
    }
  }

  /**
   * Returns the text the rules see: NFKC (full-width and other compatibility forms become plain
   * letters), format characters (zero-width spaces and joiners, bidirectional controls, soft hyphens)
   * removed, typographic quotes and dashes made ASCII, lower case, one space between words, and four or
   * more letters spelled out one by one ("i g n o r e", "d.r.o.p") joined into a word.
   */
  static String normalize(String question) {
    String s = Normalizer.normalize(question, Normalizer.Form.NFKC);
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (Character.getType(cp) == Character.FORMAT) return;
              switch (cp) {
                case '\u2018': case '\u2019': case '\u201A': case '\u201B': case '\u2032': case '`':
                  b.append('\'');
                  break;
                case '\u201C': case '\u201D': case '\u201E': case '\u2033':
                  b.append('"');
                  break;
                case '\u2010': case '\u2011': case '\u2012': case '\u2013': case '\u2014': case '\u2212':
                  b.append('-');
                  break;
                default:
                  b.appendCodePoint(cp);
              }
            });
    String t = b.toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    // "i g n o r e", "d.r.o.p": letters spelled out one by one are joined
    return SPELLED_OUT.matcher(t).replaceAll(m -> m.group().replaceAll("[ .*_-]", ""));
  }

  private static final Pattern SPELLED_OUT =
      Pattern.compile("(?<![\\w.*_-])(?:\\p{L}[ .*_-]){3,}\\p{L}(?![\\w*_-])");

  private static final class Rule {
    final String id;
    final Pattern pattern;

    Rule(String id, String regex) {
      this.id = id;
      this.pattern = Pattern.compile(regex, FLAGS);
    }
  }

  private static final class VerbRule {
    final String id;
    final Pattern verb;
    final Predicate<String> object;
    final Predicate<String> weakObject;

    VerbRule(String id, String verbs, Predicate<String> object) {
      this(id, verbs, object, object);
    }

    VerbRule(String id, String verbs, Predicate<String> object, Predicate<String> weakObject) {
      this.id = id;
      this.verb = Pattern.compile("(?:" + verbs + ")(?![\\w'])(?![- ](?:off|out)\\b)", FLAGS);
      this.object = object;
      this.weakObject = weakObject;
    }
  }
}
