import sys

from featide_ray.cli import main

sys.exit(main())
