/* test-cli-help.c: `looplab-cli run NAME --help` and bad usage, for every program
 *
 * Runs this tree's looplab-cli as a user would.  Every program, and
 * serve and bench: --help exits 0 with a usage line, the summary, each
 * option that is not hidden and an example; `help NAME` prints the same;
 * a bad option or value exits 2 with one line naming the command, then
 * where its help is.  The table below says which options each program
 * shows and hides, so a program added to the registry without a row
 * here fails, as does an option that vanishes from a help or a hidden
 * one that appears.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include "ll-programs.h"

#define MAX_OPTIONS 12

typedef struct
{
  const char *id;
  const char *visible[MAX_OPTIONS];
  const char *hidden[MAX_OPTIONS];
  const char *bad_value;   /* arguments that are wrong, one way or another */
  const char *named;       /* what the message about them names */
} Expected;

static const Expected expected[] = {
  { "message-loop", { "--idle", "--block" }, { NULL }, "--block 9", "--block" },
  { "frozen-vs-responsive",
    { "--workload", "--mode", "--seconds", "--size", "--file", "--requests", "--delay", "--chunk",
      "--readers", "--runs" },
    { "--virtual-clock" }, "--workload nap", "--workload" },
  { "producer-consumer", { NULL }, { "--virtual-clock" }, "5", "“5”" },
  { "interleave", { "--schedule" }, { "--virtual-clock" }, "--schedule ABC", "“C”" },
  { "countdown", { NULL }, { "--virtual-clock" }, "0", "“0”" },
  { "courier", { "--parcels", "--couriers", "--capacity", "--seed", "--speed", "--blocking" },
    { "--virtual-clock" }, "--speed 1000001", "--speed" },
  { "hello", { "--tasks", "--sleep", "--trace" }, { "--virtual-clock" }, "--sleep fast", "--sleep" },
  { "gio-chain", { "--size", "--chunk", "--style", "--trace", "--keep", "--no-verify" },
    { "--virtual-clock" }, "--style objects", "--style" },
  { "server", { "--clients", "--duration", "--block-ms" }, { NULL }, "--clients 0", "--clients" },
  { "pipeline", { "--pattern", "--broadcast", "--fan-in", "--lines", "--rate", "--seed", "--save-log" },
    { "--virtual-clock" }, "--rate 0", "--rate" },
  { "sax-bus",
    { "--file", "--buses", "--seed", "--save-feed", "--route", "--direction", "--count-only", "--dom",
      "--stats" },
    { "--virtual-clock" }, "--buses -1", "--buses" },
  { "environments", { "--file", "--buses", "--seed", "--route", "--direction", "--only" },
    { "--stage", "--exit-after", "--virtual-clock" }, "--only moon", "--only" },
  { "switch-cost", { "--kinds", "--max", "--seconds", "--json" },
    { "--rounds", "--worker-limit", "--ring-host", "--ring-workers", "--virtual-clock" },
    "--max 1", "--max" },
  { "counter-race", { "--workers", "--increments", "--lanes", "--json" },
    { "--virtual-clock" }, "--workers 65", "--workers" },
};

static char *cli_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs `looplab-cli ARGS`, ARGS split as a shell would, in @locale
 * (%NULL: this process's). */
static void
run_cli_in (Result     *result,
            const char *locale,
            const char *args)
{
  g_autofree char *line = g_strdup_printf ("looplab-cli %s", args);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status;

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, NULL));
  g_free (argv[0]);
  argv[0] = g_strdup (cli_path);
  if (locale != NULL)
    {
      envp = g_environ_setenv (envp, "LC_ALL", locale, TRUE);
      envp = g_environ_unsetenv (envp, "LANGUAGE");
    }

  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

static void
run_cli (Result     *result,
         const char *args)
{
  run_cli_in (result, NULL, args);
}

/* Whether @help lists @option on a line of its own, as GOption does:
 * "  --parcels=N   How many…" or "  -h, --help   Show…". */
static gboolean
lists_option (const char *help,
              const char *option)
{
  g_autofree char *pattern = g_strdup_printf ("^  (-[a-zA-Z], )?%s[= ]", option);

  return g_regex_match_simple (pattern, help, G_REGEX_MULTILINE, 0);
}

/* A usage error: status 2, nothing on stdout, and on stderr one line
 * that starts with @command and names @named, then the hint. */
static void
assert_usage_error (const Result *result,
                    const char   *command,
                    const char   *named)
{
  g_autofree char *prefix = g_strdup_printf ("%s: ", command);
  g_autofree char *hint = g_strdup_printf ("Try “%s --help”.", command);
  g_auto(GStrv) lines = g_strsplit (result->err, "\n", -1);

  g_test_message ("%s", result->err);
  g_assert_cmpint (result->status, ==, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], prefix));
  g_assert_nonnull (strstr (lines[0], named));
  g_assert_cmpstr (lines[1], ==, hint);
  g_assert_cmpstr (lines[2], ==, "");
}

/* The programs */

static void
test_list (void)
{
  g_auto(Result) result = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&result, "list");
  g_assert_cmpint (result.status, ==, 0);

  /* One row of the table above per program, in the registry's order. */
  lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (expected) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *id = g_strndup (lines[i], strcspn (lines[i], " "));

      g_assert_cmpstr (id, ==, expected[i].id);
    }
}

static void
check_help (gconstpointer data)
{
  const Expected *e = data;
  const LlProgram *program = ll_programs_lookup (e->id);
  g_auto(Result) help = { 0 };
  g_auto(Result) again = { 0 };
  g_autofree char *args = g_strdup_printf ("run %s --help", e->id);
  g_autofree char *usage = NULL;
  g_autofree char *example = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) lines = NULL;
  const char *found;

  g_assert_nonnull (program);
  run_cli (&help, args);
  g_test_message ("%s", help.out);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_cmpstr (help.err, ==, "");

  usage = g_strdup_printf ("Usage:\n  looplab-cli run %s [OPTION…]", e->id);
  g_assert_true (g_str_has_prefix (help.out, usage));
  g_assert_nonnull (strstr (help.out, program->summary));
  g_assert_true (lists_option (help.out, "--help"));
  for (guint i = 0; e->visible[i] != NULL; i++)
    {
      if (!lists_option (help.out, e->visible[i]))
        g_error ("%s --help does not list %s", e->id, e->visible[i]);
    }
  for (guint i = 0; e->hidden[i] != NULL; i++)
    {
      if (strstr (help.out, e->hidden[i]) != NULL)
        g_error ("%s --help shows the hidden %s", e->id, e->hidden[i]);
    }

  /* Each option that takes a value says what it takes by default, but
   * a file, which has none. */
  lines = g_strsplit (help.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_regex_match_simple ("^  --[a-z-]+=", lines[i], 0, 0) &&
          !g_regex_match_simple ("^  --[a-z-]+=(FILE|PATH|F) ", lines[i], 0, 0) &&
          strstr (lines[i], "by default") == NULL)
        g_error ("%s --help: no default in “%s”", e->id, lines[i]);
    }

  /* The example, last, uses no option that the help does not show. */
  example = g_strdup_printf ("Example:\n  looplab-cli run %s%s%s\n", e->id,
                             *program->example != '\0' ? " " : "", program->example);
  found = strstr (help.out, example);
  g_assert_nonnull (found);
  g_assert_true (g_str_has_suffix (help.out, example));
  g_assert_true (g_shell_parse_argv (program->example[0] != '\0' ? program->example : "x",
                                     NULL, &words, NULL));
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_has_prefix (words[i], "--") && !lists_option (help.out, words[i]))
        g_error ("the example of %s uses %s, which its help does not list", e->id, words[i]);
    }

  /* `help NAME` and -h: the same text. */
  g_free (args);
  args = g_strdup_printf ("help %s", e->id);
  run_cli (&again, args);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, help.out);
  result_clear (&again);
  g_free (args);
  args = g_strdup_printf ("run %s -h", e->id);
  run_cli (&again, args);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, help.out);
}

static void
check_bad_usage (gconstpointer data)
{
  const Expected *e = data;
  g_autofree char *command = g_strdup_printf ("looplab-cli run %s", e->id);
  g_autofree char *args = g_strdup_printf ("run %s --no-such-option", e->id);
  g_auto(Result) result = { 0 };

  run_cli (&result, args);
  assert_usage_error (&result, command, "--no-such-option");
  result_clear (&result);

  /* Even next to --help: a bad option is never taken for a run. */
  g_free (args);
  args = g_strdup_printf ("run %s --help --no-such-option", e->id);
  run_cli (&result, args);
  assert_usage_error (&result, command, "--no-such-option");
  result_clear (&result);

  g_free (args);
  args = g_strdup_printf ("run %s %s", e->id, e->bad_value);
  run_cli (&result, args);
  assert_usage_error (&result, command, e->named);
}

/* The help as the registry gives it, in this process: what the CLI
 * prints, and nothing run. */
static void
test_get_help (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *help = NULL;
  g_auto(Result) result = { 0 };
  char *argv[] = { (char *) "countdown", (char *) "3", (char *) "--help", NULL };

  help = ll_programs_get_help ("courier", &error);
  g_assert_no_error (error);
  run_cli (&result, "help courier");
  g_assert_cmpstr (help, ==, result.out);

  g_assert_false (ll_programs_run ("countdown", 3, argv, out, &error));
  g_assert_error (error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_HELP);
  g_assert_true (g_str_has_prefix (error->message, "Usage:\n  looplab-cli run countdown [OPTION…] [N]\n"));
  g_assert_nonnull (strstr (error->message, "\nN: where the countdown starts"));
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
  g_clear_error (&error);

  g_clear_pointer (&help, g_free);
  help = ll_programs_get_help ("no-such-program", &error);
  g_assert_null (help);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The commands */

static void
test_usage (void)
{
  g_auto(Result) help = { 0 };
  g_auto(Result) again = { 0 };

  run_cli (&help, "--help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_true (g_str_has_prefix (help.out, "Usage: looplab-cli COMMAND"));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *row = g_strdup_printf ("\n  %-22s %s\n", expected[i].id,
                                              ll_programs_lookup (expected[i].id)->summary);

      g_assert_nonnull (strstr (help.out, row));
    }
  g_assert_true (lists_option (help.out, "--version"));

  for (guint i = 0; i < 4; i++)
    {
      const char *same[] = { "help", "-h", "run --help", "help run" };

      run_cli (&again, same[i]);
      g_assert_cmpint (again.status, ==, 0);
      g_assert_cmpstr (again.out, ==, help.out);
      result_clear (&again);
    }

  run_cli (&again, "--version");
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "looplab-cli " PACKAGE_VERSION "\n");
}

/* In Chinese: our words translated, GLib's "Usage:" as GLib's own
 * catalogue has it (where it is installed), and no space after its
 * full-width colon. */
static void
test_usage_chinese (void)
{
  g_auto(Result) help = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *was = setlocale (LC_ALL, NULL);
  g_autofree char *saved = g_strdup (was);
  gboolean installed = setlocale (LC_ALL, "zh_CN.UTF-8") != NULL;

  setlocale (LC_ALL, saved);
  if (!installed)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }

  run_cli_in (&help, "zh_CN.UTF-8", "--help");
  g_assert_cmpint (help.status, ==, 0);
  lines = g_strsplit (help.out, "\n", 2);
  g_test_message ("%s", lines[0]);
  g_assert_true (g_str_has_suffix (lines[0], "looplab-cli 命令 [参数……]"));
  g_assert_true (g_str_has_prefix (lines[0], "用法：looplab-cli") ||
                 g_str_has_prefix (lines[0], "Usage: looplab-cli"));
}

static void
test_commands (void)
{
  const char *commands[] = { "serve", "bench" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *command = g_strdup_printf ("looplab-cli %s", commands[i]);
      g_autofree char *args = g_strdup_printf ("%s --help", commands[i]);
      g_autofree char *usage = g_strdup_printf ("Usage:\n  %s [OPTION…]", command);
      g_auto(Result) help = { 0 };
      g_auto(Result) again = { 0 };

      run_cli (&help, args);
      g_test_message ("%s", help.out);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_true (g_str_has_prefix (help.out, usage));
      g_assert_nonnull (strstr (help.out, "\nExample:\n  looplab-cli "));
      g_assert_false (lists_option (help.out, "--worker"));
      g_assert_false (lists_option (help.out, "--child"));

      g_free (args);
      args = g_strdup_printf ("help %s", commands[i]);
      run_cli (&again, args);
      g_assert_cmpint (again.status, ==, 0);
      g_assert_cmpstr (again.out, ==, help.out);
      result_clear (&again);

      g_free (args);
      args = g_strdup_printf ("%s --no-such-option", commands[i]);
      run_cli (&again, args);
      assert_usage_error (&again, command, "--no-such-option");
    }
}

static void
test_bad_commands (void)
{
  const struct {
    const char *args;
    const char *command;
    const char *named;
  } cases[] = {
    { "", "looplab-cli", "command" },
    { "teleport", "looplab-cli", "“teleport”" },
    { "run", "looplab-cli run", "program" },
    { "run no-such-program", "looplab-cli run", "“no-such-program”" },
    { "help no-such-program", "looplab-cli help", "“no-such-program”" },
    { "help courier countdown", "looplab-cli help", "“countdown”" },
    { "serve extra", "looplab-cli serve", "“extra”" },
    { "serve --port http", "looplab-cli serve", "--port" },
    { "bench teleport", "looplab-cli bench", "“teleport”" },
    { "bench send --runs 0", "looplab-cli bench", "--runs" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) result = { 0 };

      run_cli (&result, cases[i].args);
      assert_usage_error (&result, cases[i].command, cases[i].named);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  cli_path = g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "looplab-cli", NULL);

  g_test_add_func ("/looplab/cli-help/list", test_list);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *help_path = g_strdup_printf ("/looplab/cli-help/help/%s", expected[i].id);
      g_autofree char *bad_path = g_strdup_printf ("/looplab/cli-help/bad-usage/%s", expected[i].id);

      g_test_add_data_func (help_path, &expected[i], check_help);
      g_test_add_data_func (bad_path, &expected[i], check_bad_usage);
    }
  g_test_add_func ("/looplab/cli-help/get-help", test_get_help);
  g_test_add_func ("/looplab/cli-help/usage", test_usage);
  g_test_add_func ("/looplab/cli-help/usage-chinese", test_usage_chinese);
  g_test_add_func ("/looplab/cli-help/commands", test_commands);
  g_test_add_func ("/looplab/cli-help/bad-commands", test_bad_commands);

  status = g_test_run ();
  g_free (cli_path);

  return status;
}
