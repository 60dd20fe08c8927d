// Starts Converse.js for the benchmark with its defaults, configured from the URL:
// ?ws=<websocket url>[&jid=…&password=…] (with a JID it logs in at once). A tiny plugin hands
// its internal API to the benchmark (window.benchConverse), e.g. to open a chat.
const query = new URLSearchParams(location.search);
const config = {
  websocket_url: query.get('ws'),
  view_mode: 'fullscreen',
  assets_path: 'dist/',
  discover_connection_methods: false,
  play_sounds: false,
  show_desktop_notifications: false,
  loglevel: 'error',
  whitelisted_plugins: ['palaver-bench'],
};
if (query.get('jid')) {
  Object.assign(config, { jid: query.get('jid'), password: query.get('password'), auto_login: true });
}
converse.plugins.add('palaver-bench', {
  initialize() { window.benchConverse = this._converse; },
});
converse.initialize(config);
