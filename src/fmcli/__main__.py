from fmcli.entry import main

main()
