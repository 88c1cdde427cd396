#!/usr/bin/env bash
# Screenshots of a served Spindle site with headless Chromium, to look at after changing the theme:
# home, a release, an artist and the stats page, at desktop and phone widths, light and dark.
#   scripts/screenshots.sh BASE_URL SITE_DIR OUT_DIR
set -euo pipefail

base=${1%/} site=$2 out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || { echo "error: chromium is not installed (scripts/setup.sh screenshots installs it)" >&2; exit 1; }
mkdir -p "$out"

# The first release and artist pages of the site, by folder name.
# (`|| true`: a missing folder, or head closing the pipe early, must not end the script.)
first() { find "$site/$1" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort | head -1 || true; }
release=$(first release) artist=$(first artist)
pages=("home=/" "stats=/stats/")
[[ -n "$release" ]] && pages+=("release=/release/$release/")
[[ -n "$artist" ]] && pages+=("artist=/artist/$artist/")

for entry in "${pages[@]}"; do
    name=${entry%%=*} path=${entry#*=}
    for size in desktop=1280 phone=390; do
        for scheme in light dark; do
            # Blink's preferred color scheme: 0 is dark, 1 is light.
            setting=$([[ $scheme == dark ]] && echo 0 || echo 1)
            file="$out/$name-${size%%=*}-$scheme.png"
            timeout 60 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
                --blink-settings=preferredColorScheme=$setting --window-size="${size#*=},1600" \
                --screenshot="$file" "$base$path" >/dev/null 2>&1
            echo "$file"
        done
    done
done
