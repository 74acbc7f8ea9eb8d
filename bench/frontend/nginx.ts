// An nginx configured like frappe_docker's `resources/nginx-template.conf` (rendered with
// BACKEND, SOCKETIO, FRAPPE_SITE_NAME_HEADER=$host and the template's defaults), run in the
// foreground from a temporary prefix.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Options of {@link writeNginxConfig}. */
export interface NginxOptions {
  prefix: string;
  port: number;
  backendPort: number;
  /** nginx worker processes (Debian's nginx.conf says `auto`). */
  workers: number | 'auto';
  /** Add `keepalive 32` to the upstream (frappe_docker's template does not). */
  upstreamKeepalive: boolean;
  /** The sites folder to serve (default: an empty one under the prefix). */
  sitesPath?: string;
}

/** Writes `<prefix>/nginx.conf` and the folders nginx needs; returns the config path. */
export function writeNginxConfig(o: NginxOptions): string {
  const sites = o.sitesPath ?? join(o.prefix, 'sites');
  mkdirSync(join(sites, 'assets'), { recursive: true });
  mkdirSync(join(o.prefix, 'logs'), { recursive: true });
  const keepalive = o.upstreamKeepalive;
  const conf = `
worker_processes ${o.workers};
daemon off;
pid ${o.prefix}/nginx.pid;
error_log ${o.prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  # Request logging is off for every contender (Cortado does not log requests either).
  access_log off;
  client_body_temp_path ${o.prefix}/client_body;
  proxy_temp_path ${o.prefix}/proxy;
  fastcgi_temp_path ${o.prefix}/fastcgi;
  uwsgi_temp_path ${o.prefix}/uwsgi;
  scgi_temp_path ${o.prefix}/scgi;

  upstream backend-server {
    server 127.0.0.1:${o.backendPort} fail_timeout=0;
    ${keepalive ? 'keepalive 32;' : ''}
  }
  upstream socketio-server {
    server 127.0.0.1:9 fail_timeout=0;
  }
  map $http_x_forwarded_proto $proxy_x_forwarded_proto {
    default $scheme;
    https https;
  }

  server {
    listen 127.0.0.1:${o.port};
    server_name $host;
    root ${sites};

    proxy_buffer_size 128k;
    proxy_buffers 4 256k;
    proxy_busy_buffers_size 256k;

    add_header X-Frame-Options "SAMEORIGIN";
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload";
    add_header X-Content-Type-Options nosniff;
    add_header X-XSS-Protection "1; mode=block";
    add_header Referrer-Policy "same-origin, strict-origin-when-cross-origin";

    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;
    real_ip_recursive off;

    location /assets {
      try_files $uri =404;
    }

    location ~ ^/protected/(.*) {
      internal;
      try_files /$host/$1 =404;
    }

    location /socket.io {
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header X-Frappe-Site-Name $host;
      proxy_set_header Origin $proxy_x_forwarded_proto://$host;
      proxy_set_header Host $host;
      proxy_pass http://socketio-server;
    }

    location / {
      rewrite ^(.+)/$ $1 permanent;
      rewrite ^(.+)/index\\.html$ $1 permanent;
      rewrite ^(.+)\\.html$ $1 permanent;

      location ~ ^/files/.*.(htm|html|svg|xml) {
        add_header Content-disposition "attachment";
        try_files /$host/public/$uri @webserver;
      }

      try_files /$host/public/$uri @webserver;
    }

    location @webserver {
      proxy_http_version 1.1;
      ${keepalive ? 'proxy_set_header Connection "";' : ''}
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $proxy_x_forwarded_proto;
      proxy_set_header X-Frappe-Site-Name $host;
      proxy_set_header Host $host;
      proxy_set_header X-Use-X-Accel-Redirect True;
      proxy_read_timeout 120;
      proxy_redirect off;
      proxy_pass http://backend-server;
    }

    sendfile on;
    keepalive_timeout 15;
    client_max_body_size 50m;
    client_body_buffer_size 16K;
    client_header_buffer_size 1k;

    gzip on;
    gzip_http_version 1.1;
    gzip_comp_level 5;
    gzip_min_length 256;
    gzip_proxied any;
    gzip_vary on;
    gzip_types application/atom+xml application/javascript application/json application/rss+xml
      application/vnd.ms-fontobject application/x-font-ttf application/font-woff application/x-web-app-manifest+json
      application/xhtml+xml application/xml font/opentype image/svg+xml image/x-icon text/css text/plain text/x-component;
  }
}
`;
  const path = join(o.prefix, 'nginx.conf');
  writeFileSync(path, conf);
  return path;
}
