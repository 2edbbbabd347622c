sudo apt update
sudo apt list --upgradable
df -h
systemctl status nginx php8.2-fpm
tail -n 50 /var/log/nginx/error.log
cd /var/www/html
ls -la
git -C /var/www/html log --oneline | head
uptime
exit
sudo tee /etc/ssh/sshd_config.d/99-migration.conf
sudo systemctl reload ssh
rsync -av --dry-run /var/www/html/ old-web:/srv/www/
free -m
exit
