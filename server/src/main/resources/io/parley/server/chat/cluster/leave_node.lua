-- A server that stops leaves the chat. ARGV: server, reason.
remove_node(ARGV[1], ARGV[2])
return 1
