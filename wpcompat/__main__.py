from wpcompat.cli import main

raise SystemExit(main())
