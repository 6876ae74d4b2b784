# goelf in an empty image: the static build (make static) as /goelf,
# for any build stage (scratch, distroless, Alpine, Debian):
#
#   docker build -t goelf .
#   # in another Dockerfile:
#   COPY --from=goelf /goelf /usr/local/bin/goelf
#   RUN goelf gate --targets scratch /app
#
# The build stage runs only what `make check-static` tests outside a
# container (tests/cli/run-static.sh): scripts/deps.sh static, make
# static, and the same self-gate: the binary, judged by itself, is
# statically linked and runs on scratch (exit 1 otherwise: no image).
FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN sh scripts/deps.sh static \
	&& make -j"$(nproc)" static \
	&& build/goelf-static gate --no-policy --require static --targets scratch build/goelf-static

FROM scratch
COPY --from=build /src/build/goelf-static /goelf
ENTRYPOINT ["/goelf"]
