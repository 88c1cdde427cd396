import Discogs

/// The commented file `spindle init` writes: every key, its default, and what it is for.
enum DefaultConfig {
    static let text = """
        # Spindle configuration. Every value can also be set with an environment variable
        # SPINDLE_<SECTION>_<KEY>, e.g. SPINDLE_DISCOGS_PER_PAGE=50. Relative paths are relative
        # to this file's folder.

        [discogs]
        # Your Discogs username. Optional: the token says whose it is; if set, it must match.
        # username = "your-name"

        # A file holding your personal access token (https://www.discogs.com/settings/developers).
        # The DISCOGS_TOKEN environment variable takes precedence. Keep the file private
        # (chmod 600): Spindle never writes the token anywhere and never logs it.
        # token_file = "discogs-token"

        # The API, and how Spindle introduces itself to it (Discogs blocks generic agents).
        base_url = "https://api.discogs.com"
        user_agent = "\(SpindleIdentity.userAgent)"

        # Discogs allows 60 requests per moving 60-second window per IP; Spindle learns the
        # limit from the X-Discogs-Ratelimit headers and paces itself to never hit a 429.
        rate_window_seconds = 60

        # Items per page when reading the collection and wantlist (Discogs allows at most 100).
        per_page = 100

        # Full release data older than this is fetched again on the next sync.
        release_ttl_days = 90

        # Per request: give up waiting after this long, and retry failed requests (429, 5xx,
        # HTML or empty answers) this many times with exponential backoff from this base.
        timeout_seconds = 30
        max_retries = 5
        retry_base_seconds = 2

        [database]
        # The SQLite file that holds everything.
        path = "spindle.sqlite"

        [sync]
        # Releases turned from the queue into requests at a time.
        release_batch_size = 50
        # An unfinished sync with no sign of life for this long is marked failed.
        session_timeout_minutes = 30

        [site]
        # `spindle build` writes a static site of the collection for nginx (or any web server).
        title = "My records"
        description = ""
        # The address the site is served at, e.g. "https://records.example.org". Needed for the
        # sitemap and canonical links; feeds use it too.
        base_url = ""
        # Where the site is published: a symlink to the latest build, switched atomically.
        out = "site"
        items_per_page = 48
        # Which notes fields of your copies are shown. Free-text Notes stay private unless listed.
        publish_fields = ["Media Condition", "Sleeve Condition"]
        show_ratings = false
        # Your own templates, assets and Markdown pages; files here replace the built-in theme's
        # file by file. theme_dir points at the built-in theme when it is not found next to spindle.
        templates_dir = "templates"
        public_dir = "public"
        content_dir = "content"
        # theme_dir = "/usr/local/share/spindle"

        [server]
        # `spindle serve` answers /api/ for nginx over FastCGI (docs/api.md, deploy/).
        # The Unix socket it listens on, unless started with --listen or on a socket it inherits
        # (systemd socket activation, spawn-fcgi).
        socket = "spindle.sock"
        # The site secret: sign in with it, or send it as "Authorization: Bearer <secret>".
        # Created with a random secret (readable by you only) when the file does not exist.
        secret_file = "site-secret"
        # Trust the user nginx authenticated with auth_basic (passed as REMOTE_USER).
        trust_remote_user = false
        # Anyone may read sync progress; starting, cancelling and proxying need signing in.
        public_status = true
        # A proxy client (your browser, spindle proxy) has this long to answer a request, and a
        # proxy sync nobody polls for this long is paused until a client comes back.
        lease_seconds = 60
        proxy_idle_minutes = 5
        # Largest request body accepted (a posted Discogs answer).
        max_body_bytes = 8388608
        # Rebuild the site in the background after every sync.
        rebuild_site = true

        [inventory]
        # `spindle sync --inventory` reads the marketplace inventory as one export CSV ("export", a
        # handful of requests however large it is) or page by page ("pages"); a failed export falls
        # back to the pages on its own.
        method = "export"

        [cache]
        # Discogs answers kept for smart-list lookups no table holds (a master's year for a rule on
        # master_year). A sync asks again only for what went stale. `spindle cache clear` forgets.
        release_hours = 24
        master_days = 7
        artist_days = 7
        label_days = 7
        # Change to forget every cached answer at once.
        version = 1

        [dumps]
        # The monthly Discogs data dumps (CC0): `spindle dumps update` downloads the latest month,
        # checks it against its CHECKSUM.txt and imports it; syncs then take release data from it.
        # Files are at {base_url}data/{YYYY}/discogs_{YYYYMMDD}_{kind}.xml.gz.
        base_url = "https://discogs-data-dumps.s3.us-west-2.amazonaws.com/"
        # Downloads go to {dir}/{YYYY-MM}/ (a releases file is about 11 GB).
        dir = "dumps"
        # Months of downloaded files kept after a successful import (0: delete them at once).
        keep_months = 1
        # `spindle serve` looks for a new month every day at this UTC time ("off": never).
        schedule = "off"
        # Minutes to wait before each new download attempt of a month that failed.
        retry_minutes = [0, 5, 25, 75, 375]

        # Smart lists, read again at every start. Each has a name and either a one-line query
        # or a rule table shaped like the JSON form (base, rule, sort, limit, offset, pins,
        # excludes, fan_out).
        # [[lists]]
        # name = "Hard bop"
        # query = 'style:"Hard Bop" year:1955..1965 ^format_desc:Reissue sort:added- limit:50'
        #
        # [[lists]]
        # name = "Cheap wants"
        # base = "wantlist"
        # rule = { all = [ { field = "price", op = "<", value = 20 }, { field = "for_sale", op = "is_true" } ] }
        # sort = ["price+"]

        """
}
