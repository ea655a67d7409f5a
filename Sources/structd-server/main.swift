// structd-server: parses the command line like redis-server, then runs the server.
import Server
#if canImport(Glibc)
import Glibc
#endif

exit(ServerMain.run(CommandLine.arguments))
