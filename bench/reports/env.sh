# Bench-only environment for the reports benchmark (source it): the PostgreSQL bench
# database and throwaway keys (never production keys).
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lachan_bench_reports
export DJANGO_SETTINGS_MODULE=config.settings.dev
export DJANGO_DEBUG=false
export LACHAN_DATA_KEYS=KwHG0MjoT5Xp0MS979u0i1qDJ-ih1L0OFOTeaVAR6IQ=
export LACHAN_INDEX_KEY=bench-index-key-not-secret
