<?php
// PHP's built-in server in front of Debian's WordPress (/usr/share/wordpress), for a test site
// whose Host header must reach wp-config (the oracle's nginx pins HTTP_HOST to 127.0.0.1:8080):
//   php -S 127.0.0.1:PORT -t /usr/share/wordpress scripts/wordpress-dev-router.php
// Static files as they are, /wp-content from WP_CONTENT_DIR, everything else through WordPress.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (strpos($path, '/wp-content/') === 0) {
    $file = '/var/lib/wordpress' . $path;
    if (is_file($file)) {
        $types = ['css' => 'text/css', 'js' => 'application/javascript', 'png' => 'image/png', 'svg' => 'image/svg+xml', 'woff2' => 'font/woff2', 'json' => 'application/json'];
        $ext = pathinfo($file, PATHINFO_EXTENSION);
        header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
        readfile($file);
        return true;
    }
}
$full = '/usr/share/wordpress' . $path;
if ($path !== '/' && is_file($full) && substr($full, -4) !== '.php') { return false; }
if (is_file($full) && substr($full, -4) === '.php') { chdir(dirname($full)); $_SERVER['SCRIPT_NAME'] = $path; $_SERVER['SCRIPT_FILENAME'] = $full; require $full; return true; }
if (is_dir($full) && is_file($full . '/index.php')) { chdir($full); require $full . '/index.php'; return true; }
chdir('/usr/share/wordpress');
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = '/usr/share/wordpress/index.php';
require '/usr/share/wordpress/index.php';
